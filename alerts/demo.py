"""Demo alerts for `manage.py seed_demo`, after the members and annonces: a few alerts of the demo
member (membre@club.example), saved through the service as the page saves them, with a couple of
annonces already found so that « Mes alertes » shows new matches. Sends no e-mail. Idempotent:
each alert is keyed by (member, query)."""

from listings.models import Listing, Status
from members.models import User

from . import services
from .models import AlertMatch, Frequency, SavedSearch

MAIN = "membre@club.example"
ALERTS = [
    # query, label, frequency
    ("q=tente&category=pret-objets&available_on=2027-07-14", "Une tente pour juillet", Frequency.DAILY),
    ("category=covoiturage-gratuit&q=Lyon", "Covoiturage vers Lyon", Frequency.IMMEDIATE),
    ("q=perceuse&near=75011&radius=10&free=on", "Perceuse à emprunter", Frequency.IMMEDIATE),
    (
        "kind=request&category=entraide-voisins&near=75011&radius=5",
        "Mes voisins qui ont besoin d'aide",
        Frequency.DAILY,
    ),
]


def seed_alerts() -> None:
    member = User.objects.filter(email=MAIN).first()
    if member is None:
        return
    existing = set(SavedSearch.objects.filter(user=member).values_list("query", flat=True))
    for query, label, frequency in ALERTS:
        if query in existing:
            continue
        alert = services.saved_search_create(user=member, query=query, label=label, frequency=frequency)
        found = (
            Listing.objects.filter(status=Status.PUBLISHED, category=alert.category_id)
            .exclude(author=member)
            .order_by("-published_at")[:2]
        )
        for listing in found:
            AlertMatch.objects.get_or_create(
                user=member, listing=listing, defaults={"saved_search": alert, "status": "sent"}
            )
