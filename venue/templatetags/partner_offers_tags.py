"""The block « Chez nos partenaires » that the annonce search page shows when its words match
partners' offers (templates/venue/_partner_offers_search.html), and the offers' HTML."""

from django import template
from django.utils.safestring import mark_safe

from venue.offers import sanitise_html
from venue.selectors import partner_offers_matching

register = template.Library()

SEARCH_BLOCK_SIZE = 3


@register.inclusion_tag("venue/_partner_offers_search.html", takes_context=True)
def partner_offers_for_search(context):
    """Offers matching the search's words (the page is behind the wall: verified members only)."""
    request = context.get("request")
    text = (request.GET.get("q") or "").strip()[:200] if request else ""
    offers = list(partner_offers_matching(text, limit=SEARCH_BLOCK_SIZE)) if text else []
    return {"offers": offers, "q": text, "request": request}


@register.filter
def offer_html(offer) -> str:
    """The offer's summary, sanitised when imported and again here (a rule made stricter later
    applies to offers imported before)."""
    return mark_safe(sanitise_html(offer.summary_html))  # noqa: S308 - nh3 output
