from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from club.page_cache import public_page
from events.selectors import agenda_next
from members.wall import verified_member_required

from .filters import PartnerOfferFilter
from .selectors import partner_offers_visible, partners_public, partners_with_offers, venue_current
from .services import partner_offers_seen

OFFERS_PAGE_SIZE = 24


@public_page
def home(request):
    venue = venue_current()
    return render(
        request,
        "venue/home.html",
        {
            "next_events": agenda_next(limit=3),
            "venue": venue,
            "opening": venue.opening_status() if venue else None,
        },
    )


@public_page
def place(request):
    venue = venue_current()
    return render(
        request,
        "venue/place.html",
        {
            "venue": venue,
            "opening": venue.opening_status() if venue else None,
            "map_tiles_url": settings.MAP_TILES_URL,
            "today_weekday": timezone.localdate().weekday(),
        },
    )


@public_page
def partners(request):
    return render(request, "venue/partners.html", {"partners": partners_public()})


@verified_member_required
@require_GET
def partner_offers(request):
    """« Offres de nos partenaires »: what the partners' feeds offer, filtered by partner, kind and
    words. Members only, like the annonces."""
    filterset = PartnerOfferFilter(request.GET or None, queryset=partner_offers_visible())
    usable = not filterset.is_bound or filterset.is_valid()
    offers = filterset.qs if usable else filterset.queryset.none()
    page = Paginator(offers, OFFERS_PAGE_SIZE).get_page(request.GET.get("page"))
    partner_offers_seen(offers=page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "offers": page.object_list,
        "partners": partners_with_offers(),
        "query_string": query.urlencode(),
    }
    return render(request, "venue/partner_offers.html", context)


@public_page
def privacy(request):
    return render(request, "venue/privacy.html")


@public_page
def legal(request):
    return render(request, "venue/legal.html")
