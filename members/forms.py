import re

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from listings import geo
from listings.place_views import COMBOBOX_POSTCODE

from .models import MemberProfile

POSTCODE_FIELD_ATTRS = {"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}


def clean_french_postcode(value: str) -> str:
    value = re.sub(r"\s+", "", value or "")
    if value and not re.fullmatch(r"\d{5}", value):
        raise forms.ValidationError(_("Un code postal français a 5 chiffres, par exemple 75011."))
    return value


def language_of_request(request) -> str:
    """The language of the page the request was made on, one of settings.LANGUAGES."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SignupExtraForm(forms.Form):
    """Extra field on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=60,
        help_text=_("Ce que les autres membres verront, par exemple « Claire D. »."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        user.profile.display_name = self.cleaned_data["display_name"].strip()
        # The club writes to them in the language of the page they signed up on.
        user.profile.language = language_of_request(request)
        user.profile.save(update_fields=["display_name", "language"])


class VerificationForm(forms.Form):
    number = forms.CharField(
        label=_("Numéro de sociétaire"),
        max_length=20,
        help_text=_("Il figure sur votre carte de sociétaire et sur vos avis d'échéance."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label=_("Nom de famille"),
        max_length=150,
        help_text=_("Tel qu'il figure sur votre contrat ; accents et majuscules n'ont pas d'importance."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        help_text=_("Celui de l'adresse de votre contrat."),
        widget=forms.TextInput(attrs=POSTCODE_FIELD_ATTRS),
    )

    def clean_number(self):
        number = re.sub(r"[\s.\-/]+", "", self.cleaned_data["number"])
        if not re.fullmatch(r"[A-Za-z0-9]{1,20}", number):
            raise forms.ValidationError(_("Un numéro de sociétaire ne contient que des lettres et des chiffres."))
        return number

    def clean_postcode(self):
        postcode = clean_french_postcode(self.cleaned_data["postcode"])
        if not postcode:
            raise forms.ValidationError(_("Ce champ est obligatoire."))
        return postcode


class ProfileForm(forms.ModelForm):
    """The member's name and place. The place goes through the search's resolver (geo.py): a
    postcode of the table, or a town name (« Saint-Denis (93) », « 93200 Saint-Denis »), which
    becomes its postcode and commune."""

    class Meta:
        model = MemberProfile
        fields = ["display_name", "postcode", "city", "language"]
        help_texts = {
            "language": _("Les e-mails du Club (réservations, échanges, messages) sont écrits dans cette langue.")
        }
        widgets = {
            "postcode": forms.TextInput(attrs=COMBOBOX_POSTCODE),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["language"].required = False  # not sent: unchanged
        self.fields["postcode"].max_length = 100  # a town name may be typed (see clean_postcode)
        self.fields["postcode"].validators = []
        self.fields["postcode"].widget.attrs.pop("maxlength", None)

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        if re.sub(r"\s+", "", text).isdigit():
            postcode = clean_french_postcode(text)
            if not geo.places_for_postcode(postcode):
                raise forms.ValidationError(_("Ce code postal est inconnu."))
            return postcode
        place = geo.resolve_place(text).place
        if place is None or not place.postcode:
            raise forms.ValidationError(_("Commune introuvable : indiquez son code postal."))
        self.resolved_city = place.name
        return place.postcode

    def clean(self):
        data = super().clean()
        if getattr(self, "resolved_city", None):
            data["city"] = self.resolved_city
        elif data.get("postcode") and not (data.get("city") or "").strip():
            data["city"] = geo.place_for_postcode(data["postcode"]).name
        return data

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce n'est pas le bon mot de passe."))
        return password
