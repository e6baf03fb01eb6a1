from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from events.selectors import agenda_next

from .selectors import partners_public, venue_current


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


def partners(request):
    return render(request, "venue/partners.html", {"partners": partners_public()})


def privacy(request):
    return render(request, "venue/privacy.html")


def legal(request):
    return render(request, "venue/legal.html")
