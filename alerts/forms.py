"""Forms of the alert pages. The search itself is not a form field to edit: it is the search page's
query string, carried along and read by the FilterSet (alerts.query)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.filters import RADIUS_CHOICES, find_place
from listings.models import Category

from .models import Frequency


class SavedSearchForm(forms.Form):
    query = forms.CharField(widget=forms.HiddenInput, max_length=1000, required=False)
    label = forms.CharField(
        label=_("Nom de l'alerte"),
        max_length=80,
        required=False,
        help_text=_("Pour la reconnaître dans vos e-mails. Laissez vide : la recherche elle-même."),
    )
    frequency = forms.ChoiceField(
        label=_("Quand vous prévenir ?"),
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    active = forms.BooleanField(label=_("Alerte active"), required=False, initial=True)


class NeighbourAlertForm(forms.Form):
    """« Prévenez-moi quand un voisin a besoin d'aide » : the requests near a place, in chosen
    categories. Each category becomes one saved search of requests (the search page filters one
    category at a time); none chosen means every category."""

    near = forms.CharField(
        label=_("Autour de"),
        max_length=100,
        help_text=_("Code postal ou ville"),
        widget=forms.TextInput(attrs={"placeholder": _("ex. 75011"), "autocomplete": "postal-code"}),
    )
    radius = forms.ChoiceField(label=_("Rayon"), choices=RADIUS_CHOICES, initial="10")
    categories = forms.ModelMultipleChoiceField(
        label=_("Dans ces catégories"),
        queryset=Category.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune cochée : toutes les catégories."),
    )
    frequency = forms.ChoiceField(
        label=_("Quand vous prévenir ?"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    def clean_near(self):
        near = self.cleaned_data["near"].strip()
        if find_place(near) is None:
            raise forms.ValidationError(_("Lieu introuvable : essayez un code postal."))
        return near
