"""The one FilterSet for annonces, shared by the search page and the future API.

Text (`q`: French full-text with unaccent on PostgreSQL, a word-by-word `icontains` on SQLite),
category, kind, free only, available on a date, near a point (`lat`/`lng`, or `near`: a postcode
or a town) within a radius, the per-category filters from categories.py, and the sort."""

import functools
import re
import unicodedata

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from club.widgets import FastSelect

from . import geo, lexicon
from .categories import all_extra_fields
from .models import Category, Kind
from .selectors import with_distance

RADIUS_CHOICES = [(str(km), _("%(km)s km") % {"km": km}) for km in (5, 10, 25, 50, 100)]
DEFAULT_RADIUS_KM = 25
SORT_CHOICES = [("relevance", _("Pertinence")), ("date", _("Plus récentes")), ("distance", _("Plus proches"))]


def find_place(text: str):
    """The place a search is centred on (geo.resolve_place's rule), or None."""
    return geo.resolve_place(text).place


def place_not_found_message(resolution) -> str:
    """Why a typed place cannot be used, with what it might have been (form and API alike)."""
    message = _("Lieu introuvable : « %(text)s ». Indiquez un code postal ou le nom exact d'une commune.") % {
        "text": resolution.text
    }
    if resolution.suggestions:
        names = ", ".join(place.with_department for place in resolution.suggestions)
        message += " " + _("Vouliez-vous dire : %(names)s ?") % {"names": names}
    return message


def _nfc(data):
    """Text typed on a Mac or pasted from a PDF may come decomposed (« e » + accent): compose it
    before anything compares, stems or looks it up."""
    data = data.copy()
    for name in ("q", "near"):
        if isinstance(data.get(name), str):
            data[name] = unicodedata.normalize("NFC", data[name])
    return data


class ListingFilterForm(forms.Form):
    """The search form. A place typed in `near` is read by geo.resolve_place; one that cannot be
    found is an error on that field: searching around nowhere must not list the whole of France.
    A position (lat/lng, from « Me géolocaliser ») wins over `near`, as in ListingFilter.point().
    After cleaning, `resolution` says which place was used and which others the text could mean."""

    place = None
    resolution = None

    def clean(self):
        data = super().clean()
        near = (data.get("near") or "").strip()
        located = data.get("lat") is not None and data.get("lng") is not None
        if near and not located and "near" not in self.errors:
            self.resolution = geo.resolve_place(near)
            self.place = self.resolution.place
            if self.place is None:
                self.add_error("near", place_not_found_message(self.resolution))
        return data


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mots-clés"), method="filter_text")
    category = django_filters.ModelChoiceFilter(
        label=_("Catégorie"),
        queryset=Category.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("Toutes les catégories"),
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Kind.choices, empty_label=_("Offres et demandes"), widget=FastSelect
    )
    free = django_filters.BooleanFilter(label=_("Gratuit uniquement"), method="filter_free", widget=forms.CheckboxInput)
    available_on = django_filters.DateFilter(
        label=_("Disponible le"), method="filter_available_on", widget=forms.DateInput(attrs={"type": "date"})
    )
    near = django_filters.CharFilter(label=_("Autour de"), method="keep", help_text=_("Code postal ou ville"))
    lat = django_filters.NumberFilter(method="keep", widget=forms.HiddenInput, min_value=-90, max_value=90)
    lng = django_filters.NumberFilter(method="keep", widget=forms.HiddenInput, min_value=-180, max_value=180)
    radius = django_filters.ChoiceFilter(
        label=_("Rayon"), choices=RADIUS_CHOICES, method="keep", empty_label=None, widget=FastSelect
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="keep", empty_label=None, widget=FastSelect
    )

    class Meta:
        form = ListingFilterForm
        fields = ["q", "category", "kind", "free", "available_on", "near", "lat", "lng", "radius", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        self.corrections: dict[str, str] = {}  # typed word -> lexicon word it was read as
        self.by_text = False  # whether words filter the rows (set by filter_text)
        self.before_radius = None  # the rows filtered on every criterion but the place (filter_queryset)
        if data is not None:
            # The form shows the radius and sort really used, not the first choice of each list.
            data = _nfc(data)
            if not data.get("radius"):
                data["radius"] = str(DEFAULT_RADIUS_KM)
            if not data.get("sort"):
                data["sort"] = self.default_sort(data)
        super().__init__(data, *args, **kwargs)
        self.form.fields["lat"].widget = forms.HiddenInput()
        self.form.fields["lng"].widget = forms.HiddenInput()
        self.form.fields["radius"].initial = str(DEFAULT_RADIUS_KM)
        self.form.fields["sort"].initial = "date"

    @classmethod
    @functools.cache
    def _form_class(cls):
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def get_form_class(self):
        """The same fields for every search, so the form class is built once (django-filter builds
        it per search); each form still copies its fields."""
        return self._form_class()

    @staticmethod
    def default_sort(data) -> str:
        """Nearest first around a place or a position; else, with words, the most relevant first
        (full-text rank, then the newest); else the newest first."""
        located = (data.get("near") or "").strip() or (data.get("lat") and data.get("lng"))
        return "distance" if located else "relevance" if (data.get("q") or "").strip() else "date"

    def sort_is_default(self) -> bool:
        return not self.is_bound or self.data.get("sort") == self.default_sort(self.data)

    # --- filters -------------------------------------------------------------------------------
    def keep(self, queryset, name, value):
        return queryset  # used together in filter_queryset

    def filter_free(self, queryset, name, value):
        return queryset.filter(Q(price__isnull=True) | Q(price=0)) if value else queryset

    def filter_available_on(self, queryset, name, value):
        return queryset.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=value),
            Q(available_until__isnull=True) | Q(available_until__gte=value),
        )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            return self._full_text(queryset, value)
        words = re.findall(r"\w+", value)
        self.by_text = bool(words)
        for word in words[:8]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset.annotate(rank=Value(1.0, output_field=FloatField()))

    def _full_text(self, queryset, value):
        """French full-text (stems, accents ignored, title above description), or, for a single
        word, a title with a similar word (pg_trgm word similarity: typos such as « poussete »).
        Both are indexed with GIN (migrations 0002 and 0004). A word of five letters or more that
        no annonce contains also matches the indexed word one letter away (lexicon.corrections,
        kept in `self.corrections` for the « Essayez avec » line)."""
        from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

        self.corrections = lexicon.corrections(_words(value))
        raw = _tsquery(value, self.corrections)
        if raw is None:  # nothing but punctuation: no text filter
            return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
        self.by_text = True
        query = SearchQuery(raw, config="french_unaccent", search_type="raw")
        rank = SearchRank(F("search_vector"), query)
        typed = _normalise(value)
        if len(typed.split()) != 1:
            # Several words: each must match the text. Similarity of the whole phrase would let
            # one strong word (« covoiturage gare ») bring in titles without the other.
            return queryset.filter(search_vector=query).annotate(rank=rank)
        title = Func(Lower("title"), function="club_unaccent", output_field=TextField())
        return (
            queryset.annotate(title_normalised=title)
            .filter(Q(search_vector=query) | Q(title_normalised__trigram_word_similar=typed))
            .annotate(rank=rank + TrigramWordSimilarity(typed, title) / 10)
        )

    # --- point, radius and sort ----------------------------------------------------------------
    def point(self) -> tuple[float, float, str] | None:
        """(lat, lng, label) of the search centre, from lat/lng or `near`, or None."""
        data = getattr(self.form, "cleaned_data", {})
        lat, lng = data.get("lat"), data.get("lng")
        if lat is not None and lng is not None:
            return float(lat), float(lng), str(_("ma position"))
        place = self.form.place
        if place:
            return place.lat, place.lng, place.label
        return None

    def radius_km(self) -> int:
        value = getattr(self.form, "cleaned_data", {}).get("radius")
        return int(value) if value else DEFAULT_RADIUS_KM

    def sort_key(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        wanted = data.get("sort") or ""
        if wanted == "distance" and self.point():
            return "distance"
        if wanted == "relevance" and (data.get("q") or "").strip():
            return "relevance"
        if wanted == "date":
            return "date"
        # No usable choice: as default_sort.
        if self.point():
            return "distance"
        return "relevance" if (data.get("q") or "").strip() else "date"

    def filter_queryset(self, queryset):
        queryset = self.before_radius = super().filter_queryset(queryset)
        point = self.point()
        if point:
            queryset = with_distance(queryset, lat=point[0], lng=point[1], radius_km=self.radius_km())
        order = {
            "relevance": ["-rank", "-published_at", "-id"],
            "distance": ["distance_km", "-published_at", "-id"],
            "date": ["-published_at", "-id"],
        }[self.sort_key()]
        return queryset.order_by(*order)

    def corrected_text(self) -> str:
        """The words typed with each correction applied (« Essayez avec … »), or ""."""
        if not self.corrections:
            return ""
        text = self.form.cleaned_data.get("q") or ""
        return re.sub(r"[^\W_]+", lambda m: self.corrections.get(m.group(0), m.group(0)), text).strip()


def _words(value: str) -> list[str]:
    return re.findall(r"[^\W_]+", value)[:8]


def _tsquery(value: str, corrections: dict[str, str] | None = None) -> str | None:
    """A to_tsquery expression built from the words typed, and only from letters and digits (so
    nothing typed is read as tsquery syntax). Every word must match, as typed or as corrected; a
    final s or x may be dropped (the French stemmer keeps it after a vowel: « vélos » would not
    find « vélo »); the last word may be unfinished (prefix match), as people type in a search box."""
    words = _words(value)
    if not words:
        return None
    corrections = corrections or {}
    terms = []
    for position, word in enumerate(words, start=1):
        variants = [word]
        if word in corrections:
            variants.append(corrections[word])
        if len(word) > 3 and word[-1].lower() in "sx":
            variants.append(word[:-1])
        if position == len(words):
            variants = [f"{variant}:*" for variant in variants]
        terms.append("(" + " | ".join(dict.fromkeys(variants)) + ")")  # each variant once
    return " & ".join(terms)


def _normalise(text: str) -> str:
    """Lower case without accents, as club_unaccent(lower(title)) is on the database side."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _extra_filter(extra):
    field_name = f"details__{extra.name}"
    if extra.filter_lookup == "gte":
        return f"{extra.name}_min", django_filters.NumberFilter(
            label=extra.filter_label,
            min_value=0,
            # JSON numbers compare with ints, not Decimals.
            method=lambda qs, name, value: qs.filter(**{f"{field_name}__gte": int(value)}),
        )
    if extra.filter_lookup == "date":
        return f"{extra.name.removesuffix('_at')}_on", django_filters.DateFilter(
            label=extra.filter_label,
            method=lambda qs, name, value: qs.filter(**{f"{field_name}__startswith": value.isoformat()}),
            widget=forms.DateInput(attrs={"type": "date"}),
        )
    return extra.name, django_filters.CharFilter(
        label=extra.filter_label, field_name=field_name, lookup_expr="icontains"
    )


# The per-category filters come from the registry: one definition for form, filter and display.
EXTRA_FILTERS: dict[str, list[str]] = {}
for _extra in all_extra_fields():
    if _extra.filter_lookup:
        _name, _filter = _extra_filter(_extra)
        ListingFilter.base_filters[_name] = _filter
        EXTRA_FILTERS[_extra.name] = [_name]
