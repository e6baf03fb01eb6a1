"""The places autocomplete: a small JSON endpoint over the offline postcode table (geo.py).

Public on purpose: it answers from the INSEE / La Poste open data kept in listings/data/ and says
nothing about members or annonces (no counts, no positions of anyone), like a printed list of
French communes. The search page, the annonce form and the profile use it, and the last one is
reached by members not yet verified. A pure in-memory lookup (bisection in sorted names), so it
needs no database query and no rate limit."""

import unicodedata

from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import geo

# What a form field needs for static/js/places.js to make it a combobox (the messages are what a
# screen reader hears when the list changes). Forms that store a postcode add COMBOBOX_POSTCODE.
COMBOBOX_ATTRS = {
    "data-place-combobox": reverse_lazy("listings:places"),
    "data-listbox-label": gettext_lazy("Lieux proposés"),
    "data-suggestions": gettext_lazy("%s lieux proposés : flèches haut et bas pour choisir, Entrée pour valider"),
    "data-one-suggestion": gettext_lazy("1 lieu proposé : flèche bas pour le choisir, Entrée pour valider"),
}
COMBOBOX_POSTCODE = {
    **COMBOBOX_ATTRS,
    "data-postcodes-only": "1",
    "autocomplete": "postal-code",
    "placeholder": gettext_lazy("code postal ou commune"),
}

MIN_CHARS = 2
MAX_RESULTS = 8
MAX_TEXT = 80


def _option(place: geo.Place) -> dict:
    if place.postcode:
        hint = _("%(postcode)s · département %(department)s") % {
            "postcode": place.postcode,
            "department": place.department,
        }
    else:
        hint = _("toute la ville, département %(department)s") % {"department": place.department}
    return {
        "name": place.name,
        "hint": hint,
        "value": place.typed,  # what « Autour de » receives; geo.resolve_place reads it back exactly
        "postcode": place.postcode,
        "department": place.department,
    }


@require_GET
@cache_control(public=True, max_age=86400)  # the table changes when the code is deployed
def place_suggestions(request):
    """?q=<start of a postcode or a town name>[&postcodes=1]: up to 8 places, best first.
    `postcodes=1` leaves out the whole cities (Paris, Lyon, Marseille), which have no postcode of
    their own, for the forms that store a postcode."""
    text = unicodedata.normalize("NFC", request.GET.get("q", ""))[:MAX_TEXT].strip()
    places = geo.search_places(text, limit=MAX_RESULTS + 3) if len(text) >= MIN_CHARS else []
    if request.GET.get("postcodes"):
        places = [place for place in places if place.postcode]
    return JsonResponse({"places": [_option(place) for place in places[:MAX_RESULTS]]})
