"""Forms and the filter of proposals (the FilterSet is shared by the « Propositions » page and the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import EventType

from .models import Group, MembershipStatus, Proposal, ProposalState


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "type", "description", "format", "wished_period", "needs", "partner", "group"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = EventType.objects.all()
        self.fields["type"].empty_label = _("Choisir un type")
        self.fields["group"].queryset = Group.objects.filter(
            memberships__user=user, memberships__status=MembershipStatus.ACTIVE, suspended_at__isnull=True
        )
        self.fields["group"].help_text = _("Facultatif : un de vos groupes qui porte le projet.")
        self.fields["group"].empty_label = _("Aucun")
        self.fields["title"].widget.attrs["placeholder"] = _("Atelier réparation de vélos")


class ProposalCommentForm(forms.Form):
    text = forms.CharField(label=_("Votre commentaire"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalFilter(django_filters.FilterSet):
    """Filter by type (its slug) and state; sort by supports or by date (newest first by default)."""

    type = django_filters.ModelChoiceFilter(
        field_name="type",
        queryset=EventType.objects.all(),
        to_field_name="slug",
        label=_("Type"),
        empty_label=_("Tous"),
    )
    state = django_filters.ChoiceFilter(
        field_name="state", choices=ProposalState.choices, label=_("État"), empty_label=_("Tous")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=[("date", _("les plus récentes")), ("supports", _("les plus soutenues"))],
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Proposal
        fields = ["type", "state"]

    def sort_by(self, queryset, name, value):
        if value == "supports":
            return queryset.order_by("-support_count", "-created_at")
        return queryset.order_by("-created_at")
