from django import forms
from django.utils.translation import gettext_lazy as _

from club.ratelimit import allow

from .services import normalize_email


class BookingForm(forms.Form):
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Pour recevoir la confirmation et votre billet."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    seats = forms.TypedChoiceField(label=_("Nombre de places"), coerce=int)
    accessibility_needs = forms.CharField(
        label=_("Besoins d'accessibilité (facultatif)"),
        required=False,
        max_length=500,
        help_text=_("Fauteuil roulant, boucle magnétique, accompagnant… nous préparons votre accueil."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    join_waiting_list = forms.BooleanField(
        label=_("S'il ne reste pas assez de places, m'inscrire sur la liste d'attente"), required=False, initial=True
    )
    consent = forms.BooleanField(
        label=_("J'accepte que le Club utilise ces informations pour gérer ma réservation."),
        error_messages={"required": _("Votre accord est nécessaire pour réserver.")},
    )
    # Honeypot: hidden from people by CSS and aria-hidden, filled in by naive bots.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["seats"].choices = [(n, str(n)) for n in range(1, event.max_seats_per_booking + 1)]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if event.is_full:
            self.fields["join_waiting_list"].widget = forms.HiddenInput()
            self.fields["join_waiting_list"].initial = True

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def booking_kwargs(self) -> dict:
        """What services.booking_create needs from this form, the e-mail normalised."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": normalize_email(data["email"]),
            "seats": data["seats"],
            "accessibility_needs": data["accessibility_needs"],
            "join_waiting_list": data["join_waiting_list"],
        }


def booking_allowed(request, email: str) -> bool:
    """Bookings are rate-limited per address ("book") and per e-mail ("book_email"), for the
    pages and the API alike (ACCOUNT_RATE_LIMITS)."""
    return allow(request, "book") and allow(request, "book_email", key=email)


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Chercher un nom"), required=False)
