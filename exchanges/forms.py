"""The forms of the exchange pages. They check the shape of the input (a date, a number); the rules
(free dates, seats left, opening hours) are the services', whose ExchangeError names the field
the error is shown next to (see `show_error`)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import ExchangeUnit

from .errors import ExchangeConflict, ExchangeError
from .models import PARIS, HandoverPlace


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def show_error(form: forms.Form, error: ExchangeError, *, fields: dict[str, str] | None = None) -> None:
    """Put a service's error next to its field on `form` (renamed through `fields`), or at the
    top when the form has no such field or it is a conflict."""
    name = (fields or {}).get(error.field, error.field)
    if isinstance(error, ExchangeConflict) or name not in form.fields:
        name = None
    form.add_error(name, error.message)


class MessageField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Votre message"))
        kwargs.setdefault("max_length", 3000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


class RequestForm(forms.Form):
    """Dates (« du » / « au »), seats, or a slot (a day, from, to), and a message. Which fields
    exist depends on the annonce's category."""

    message = MessageField(
        help_text=_("Présentez-vous et dites ce dont vous avez besoin. Votre adresse e-mail n'est jamais communiquée.")
    )

    def __init__(self, *args, listing, seats_left: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing
        self.unit = listing.category.exchange_unit
        offer = listing.kind == "offer"
        if not offer:
            self.fields["message"].help_text = _(
                "Présentez-vous et dites ce que vous proposez. Votre adresse e-mail n'est jamais communiquée."
            )
        fields = {}
        if self.unit == ExchangeUnit.DAYS:
            fields["start"] = forms.DateField(label=_("Du"), widget=DateInput())
            fields["end"] = forms.DateField(
                label=_("Au"), widget=DateInput(), help_text=_("Le jour du retour, inclus.") if offer else ""
            )
        elif self.unit == ExchangeUnit.SEATS:
            maximum = max(seats_left or 1, 1)
            fields["seats"] = forms.IntegerField(
                label=_("Nombre de places") if offer else _("Places que je propose"),
                min_value=1,
                max_value=maximum,
                initial=1,
                widget=forms.NumberInput(attrs={"min": 1, "max": maximum, "inputmode": "numeric"}),
            )
        elif self.unit == ExchangeUnit.SLOT:
            fields["day"] = forms.DateField(label=_("Le"), widget=DateInput())
            fields["start_time"] = forms.TimeField(label=_("De"), widget=TimeInput())
            fields["end_time"] = forms.TimeField(label=_("À"), widget=TimeInput())
        # The period's fields first, then the message.
        self.fields = {**fields, "message": self.fields["message"]}

    # Service field → form field.
    @property
    def error_fields(self) -> dict[str, str]:
        if self.unit == ExchangeUnit.SLOT:
            return {"start": "start_time", "end": "end_time"}
        return {}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"message": data["message"]}
        if self.unit == ExchangeUnit.DAYS:
            kwargs.update(start=data["start"], end=data["end"])
        elif self.unit == ExchangeUnit.SEATS:
            kwargs.update(seats=data["seats"])
        elif self.unit == ExchangeUnit.SLOT:
            kwargs.update(
                start=dt.datetime.combine(data["day"], data["start_time"], tzinfo=PARIS),
                end=dt.datetime.combine(data["day"], data["end_time"], tzinfo=PARIS),
            )
        return kwargs


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif : il est transmis au membre avec le refus."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi annulez-vous ?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Transmis à l'autre membre ; les dates redeviennent libres."),
        error_messages={"required": _("Dites à l'autre membre pourquoi vous annulez.")},
    )


class HandoverForm(forms.Form):
    place = forms.ChoiceField(
        label=_("Lieu de la remise"),
        choices=[
            (HandoverPlace.CLUB, _("Au Club")),
            (HandoverPlace.OTHER, _("Ailleurs")),
            (HandoverPlace.NONE, _("À convenir")),
        ],
        widget=forms.RadioSelect,
    )
    at = forms.DateTimeField(
        label=_("Date et heure de la remise"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Obligatoire pour une remise au Club, pendant ses heures d'ouverture."),
    )
    note = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : l'adresse, un code, un repère."),
    )
    error_fields = {"handover_place": "place", "handover_at": "at", "handover_note": "note"}

    def clean_at(self):
        value = self.cleaned_data.get("at")
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=PARIS)
        return value


class ExchangeMessageForm(forms.Form):
    body = MessageField(label=_("Écrire à l'autre membre"), widget=forms.Textarea(attrs={"rows": 3}))


RATING_CHOICES = [
    (5, _("5 sur 5 : parfait")),
    (4, _("4 sur 5 : très bien")),
    (3, _("3 sur 5 : bien")),
    (2, _("2 sur 5 : décevant")),
    (1, _("1 sur 5 : à éviter")),
]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Votre note"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Un mot pour l'autre membre"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("500 caractères au plus. Un merci fait toujours plaisir."),
    )


class ReviewReportForm(forms.Form):
    text = forms.CharField(
        label=_("Qu'est-ce qui ne va pas dans cet avis ?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
