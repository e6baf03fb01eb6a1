"""A saved search's query string, read by the search page's own FilterSet.

`parse_query` accepts exactly what the search page accepts (same FilterSet, same form, same
errors) and returns the canonical query string to store with the pre-filter columns derived from
it. `describe` says the search in words, for the list, the form and the e-mails."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from listings import geo
from listings.filters import EXTRA_FILTERS, ListingFilter
from listings.models import Kind, Listing

# Not criteria: the page number, and the order (an alert sends new annonces, newest first).
NOT_CRITERIA = {"page", "sort", "radius"}
# Criteria the SQL pre-filters do not decide: the FilterSet checks them on the annonce itself.
CHECKED_BY_FILTERSET = {"q", "available_on", *(name for names in EXTRA_FILTERS.values() for name in names)}


@dataclass
class ParsedQuery:
    query: str
    prefilters: dict = field(default_factory=dict)
    filterset: ListingFilter | None = None


def _kept(data: QueryDict, known) -> QueryDict:
    kept = QueryDict(mutable=True)
    for key in data:
        if key not in known or key == "page":
            continue
        values = [value.strip() for value in data.getlist(key) if value.strip()]
        if values:
            kept.setlist(key, values[-1:])  # the FilterSet reads the last one, as the page does
    return kept


def parse_query(query: str) -> ParsedQuery:
    """Validate `query` as the search page would, or raise ValidationError({"query": […]}) naming
    each criterion refused. Keys the page does not know are dropped, as the page ignores them; a
    search with no criterion at all is refused (it would send every new annonce)."""
    data = QueryDict(query.strip().lstrip("?"))
    known = set(ListingFilter.base_filters)
    kept = _kept(data, known)
    if not set(kept) - NOT_CRITERIA:
        raise ValidationError(
            {"query": [_("Choisissez au moins un critère de recherche (mots-clés, catégorie, lieu…).")]}
        )
    filterset = ListingFilter(kept, queryset=Listing.objects.none())
    if not filterset.is_valid():
        messages = []
        for name, errors in filterset.form.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else None
            for error in errors:
                messages.append(f"{label} : {error}" if label else str(error))
        raise ValidationError({"query": messages})
    data = filterset.form.cleaned_data
    prefilters = {
        "category": data.get("category"),
        "kind": data.get("kind") or "",
        "free_only": bool(data.get("free")),
        "center_lat": None,
        "center_lng": None,
        "radius_km": None,
        "min_lat": None,
        "max_lat": None,
        "min_lng": None,
        "max_lng": None,
    }
    point = filterset.point()
    if point:
        radius = filterset.radius_km()
        min_lat, max_lat, min_lng, max_lng = geo.bounding_box(point[0], point[1], radius)
        prefilters |= {
            "center_lat": point[0],
            "center_lng": point[1],
            "radius_km": float(radius),
            "min_lat": min_lat,
            "max_lat": max_lat,
            "min_lng": min_lng,
            "max_lng": max_lng,
        }
    checked = QueryDict(mutable=True)
    for key in kept:
        if key in CHECKED_BY_FILTERSET:
            checked.setlist(key, kept.getlist(key))
    prefilters["check_query"] = checked.urlencode()
    return ParsedQuery(query=kept.urlencode(), prefilters=prefilters, filterset=filterset)


def describe(query: str) -> str:
    """The search in words: « vélo · Prêt d'objets · demandes · à 10 km de Lyon 3e (69003) »."""
    try:
        parsed = parse_query(query)
    except ValidationError:
        return query
    filterset = parsed.filterset
    data = filterset.form.cleaned_data
    parts = []
    if (data.get("q") or "").strip():
        parts.append(f"« {data['q'].strip()} »")
    if data.get("category"):
        parts.append(data["category"].label)
    if data.get("kind"):
        parts.append(_("offres") if data["kind"] == Kind.OFFER else _("demandes"))
    point = filterset.point()
    if point:
        parts.append(_("à %(km)s km de %(place)s") % {"km": filterset.radius_km(), "place": point[2]})
    if data.get("free"):
        parts.append(_("gratuit uniquement"))
    if data.get("available_on"):
        parts.append(_("disponible le %(day)s") % {"day": data["available_on"].strftime("%d/%m/%Y")})
    for names in EXTRA_FILTERS.values():
        for name in names:
            if data.get(name) not in (None, ""):
                parts.append(f"{filterset.form.fields[name].label} : {data[name]}")
    return " · ".join(parts) or _("toutes les annonces")
