"""The per-category extra fields, defined in ONE place.

A Category row (admin-editable) names a `schema`; the schema says which extra fields an annonce of
that category carries, whether it has availability dates, and how each field is asked (form),
filtered (FilterSet) and shown (detail page). Forms, filters and templates all read this registry;
nothing else lists category fields. Extra values live in `Listing.details` (JSON); the availability
dates are real columns because "available on a date" is a filter for every category that has them.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ExtraField:
    name: str
    label: str
    kind: str  # "text", "int", "datetime"
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    # How the search filters on it: "icontains" (text), "gte" (at least N), "date" (same day).
    filter_lookup: str | None = None
    filter_label: str = ""

    def form_field(self) -> forms.Field:
        if self.kind == "int":
            return forms.IntegerField(
                label=self.label, required=self.required, min_value=self.min_value, max_value=self.max_value
            )
        if self.kind == "datetime":
            return forms.DateTimeField(
                label=self.label,
                required=self.required,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            )
        return forms.CharField(label=self.label, required=self.required, max_length=100)

    def to_json(self, value):
        if isinstance(value, datetime):
            return value.isoformat()
        return value

    def from_json(self, value):
        """The stored value as the form field expects it (edit form's initial data)."""
        if self.kind == "datetime" and isinstance(value, str):
            try:
                return timezone.localtime(datetime.fromisoformat(value))
            except ValueError:
                return None
        return value

    def display(self, value, *, short: bool = False) -> str:
        if value in (None, ""):
            return ""
        if self.kind == "datetime":
            try:
                moment = timezone.localtime(datetime.fromisoformat(value))
            except (TypeError, ValueError):
                return str(value)
            return formats.date_format(moment, "D j b, H:i" if short else "l j F Y, H:i")
        return str(value)


@dataclass(frozen=True)
class Schema:
    key: str
    label: str
    fields: tuple[ExtraField, ...] = ()
    # What a result card says in one line, e.g. "{ride_from} → {ride_to} · {departure_at}".
    card: str = ""
    has_availability: bool = False
    availability_required: bool = False


RIDE_FROM = ExtraField("ride_from", _("Départ"), "text", filter_lookup="icontains", filter_label=_("Départ de"))
RIDE_TO = ExtraField("ride_to", _("Arrivée"), "text", filter_lookup="icontains", filter_label=_("Arrivée à"))
DEPARTURE = ExtraField(
    "departure_at", _("Date et heure de départ"), "datetime", filter_lookup="date", filter_label=_("Départ le")
)
SEATS = ExtraField(
    "seats", _("Places"), "int", min_value=1, max_value=8, filter_lookup="gte", filter_label=_("Places, au moins")
)
SLEEPS = ExtraField(
    "sleeps",
    _("Couchages"),
    "int",
    min_value=1,
    max_value=30,
    filter_lookup="gte",
    filter_label=_("Couchages, au moins"),
)

SCHEMAS: dict[str, Schema] = {
    schema.key: schema
    for schema in [
        Schema("plain", _("Annonce simple")),
        Schema(
            "ride",
            _("Covoiturage"),
            fields=(RIDE_FROM, RIDE_TO, DEPARTURE, SEATS),
            card=_("{ride_from} → {ride_to} · {departure_at}"),
        ),
        Schema(
            "lodging",
            _("Hébergement"),
            fields=(SLEEPS,),
            has_availability=True,
            availability_required=True,
            card=_("{sleeps} couchages"),
        ),
        Schema("parking", _("Parking"), has_availability=True, availability_required=True),
        Schema("loan", _("Prêt d'objet"), has_availability=True),
    ]
}
SCHEMA_CHOICES = [(key, schema.label) for key, schema in SCHEMAS.items()]


def schema_for(key: str) -> Schema:
    return SCHEMAS.get(key, SCHEMAS["plain"])


def all_extra_fields() -> list[ExtraField]:
    """Every extra field once, in registry order (for the FilterSet)."""
    seen: dict[str, ExtraField] = {}
    for schema in SCHEMAS.values():
        for extra in schema.fields:
            seen.setdefault(extra.name, extra)
    return list(seen.values())


def display_details(schema_key: str, details: dict) -> list[tuple[str, str]]:
    """(label, text) pairs for the detail page, in the schema's order, skipping empty values."""
    rows = []
    for extra in schema_for(schema_key).fields:
        text = extra.display((details or {}).get(extra.name))
        if text:
            rows.append((extra.label, text))
    return rows


def card_summary(schema_key: str, details: dict) -> str:
    """The one-line summary a result card shows for this category ("" when it has none)."""
    schema = schema_for(schema_key)
    if not schema.card:
        return ""
    values = {extra.name: extra.display((details or {}).get(extra.name), short=True) for extra in schema.fields}
    if not all(values.get(name) for name in _placeholders(str(schema.card))):
        return ""
    return str(schema.card).format(**values)


def _placeholders(template: str) -> list[str]:
    import string

    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]
