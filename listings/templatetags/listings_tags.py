import functools
import json
from pathlib import Path

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.filter
def json_script_attr(value) -> str:
    """JSON for a data- attribute (autoescaping then escapes the quotes). Maps read it from
    static/js/map.js: no inline script, ready for a Content-Security-Policy without them."""
    return json.dumps(value, ensure_ascii=False)


@register.filter
def distance(km) -> str:
    """Points are only known to about 1 km, so distances are shown in whole kilometres."""
    from django.utils.translation import gettext

    if km is None:
        return ""
    if km < 1:
        return gettext("à moins de 1 km")
    return gettext("à %(km)d km") % {"km": round(km)}


@register.simple_tag
def card_summary(listing) -> str:
    from ..categories import card_summary as summary

    return summary(listing.category.schema, listing.details)


ILLUSTRATIONS = Path(settings.BASE_DIR) / "static" / "img" / "categories"


@functools.cache
def _illustrated_slugs() -> frozenset[str]:
    return frozenset(path.stem for path in ILLUSTRATIONS.glob("*.svg"))


@register.filter
def category_illustration(category) -> str:
    """The static URL of the drawing shown for an annonce without a photo: one SVG per category
    (static/img/categories/<slug>.svg), or a general one for a category that has none yet."""
    slug = getattr(category, "slug", "")
    name = slug if slug in _illustrated_slugs() else "_default"
    return static(f"img/categories/{name}.svg")


@register.simple_tag
def result_cards(listings) -> str:
    """The result cards (<li>) of a page of annonces, as listings.cards.result_cards writes them."""
    from listings import cards

    return cards.result_cards(listings)
