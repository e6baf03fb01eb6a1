"""Every API list answers with a fixed number of queries, whatever the number of rows: the same
count for 1 row and for 5 (no N+1 through a serializer's related field or method)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from events import services as event_services
from events.tests.factories import EventFactory
from listings import services
from listings.models import Favourite
from listings.photos import prepare_photo
from listings.tests.factories import ListingFactory, upload
from members.tests.factories import VerifiedMemberFactory
from messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db


def _listing(**kwargs):
    listing = ListingFactory(**kwargs)
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    return listing


def add_mine(user, n):
    for _ in range(n):
        _listing(author=user)


def add_listings(user, n):
    for _ in range(n):
        _listing()


def add_favourites(user, n):
    for _ in range(n):
        Favourite.objects.create(user=user, listing=_listing())


def add_conversations(user, n):
    for _ in range(n):
        conversation = Conversation.objects.create(listing=_listing(), starter=user)
        Message.objects.create(conversation=conversation, sender=user, body="Bonjour, toujours disponible ?")


def add_thread_messages(user, n):
    conversation = Conversation.objects.filter(starter=user).first()
    if conversation is None:
        conversation = Conversation.objects.create(listing=_listing(), starter=user)
    for i in range(n):
        sender = user if i % 2 else conversation.listing.author
        Message.objects.create(conversation=conversation, sender=sender, body=f"Message {i}")


def add_events(user, n):
    for i in range(n):
        EventFactory(starts_at=timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=3 + i))


def add_bookings(user, n):
    for i in range(n):
        event = EventFactory(starts_at=timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=3 + i))
        event_services.booking_create(event=event, name="Ana", email=user.email, seats=1, user=user)


def add_categories(user, n):
    for _ in range(n):
        _listing()


def add_partner_offers(user, n):
    from venue.models import PartnerOffer
    from venue.tests.factories import PartnerFactory

    for _ in range(n):
        partner = PartnerFactory(logo="partners/logo.png")
        PartnerOffer.objects.create(partner=partner, guid=f"offer-{partner.pk}", title="Panier", kind="panier")


def thread_url(user):
    return f"/api/v1/conversations/{Conversation.objects.filter(starter=user).get().pk}/"


LISTS = {
    "listings/mine/": ("/api/v1/listings/mine/", add_mine),
    "listings/": ("/api/v1/listings/", add_listings),
    "favourites/": ("/api/v1/favourites/", add_favourites),
    "conversations/": ("/api/v1/conversations/", add_conversations),
    "conversations/<pk>/ (messages)": (thread_url, add_thread_messages),
    "events/": ("/api/v1/events/", add_events),
    "bookings/": ("/api/v1/bookings/", add_bookings),
    "categories/": ("/api/v1/categories/", add_categories),
    "partner-offers/": ("/api/v1/partner-offers/", add_partner_offers),
}


def queries_for(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def rows(data) -> int:
    return len(data["results"] if isinstance(data, dict) and "results" in data else data.get("messages", data))


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_costs_the_same_queries_for_1_and_5_rows(name):
    url, add = LISTS[name]
    user = VerifiedMemberFactory()
    api = APIClient()
    api.force_authenticate(user)
    add(user, 1)
    target = url(user) if callable(url) else url
    one, data = queries_for(api, target)
    add(user, 4) if name != "conversations/<pk>/ (messages)" else add_thread_messages(user, 4)
    five, data_five = queries_for(api, target)
    if name != "categories/":
        assert rows(data_five) > rows(data)  # the rows really are in the answer
    assert five == one, f"{name}: {one} queries for 1 row, {five} for 5"
