"""The member navigation's badges (club.badges) come from the cache, and are never stale: every
write that changes a count shows on the member's very next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchanges import services as exchange_services
from exchanges.tests.factories import in_days, loan_listing
from listings import services as listing_services
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services

pytestmark = pytest.mark.django_db


def badges(client) -> dict[str, str]:
    """The « Échanges » and « Messages » links of the member navigation, as read."""
    page = client.get(reverse("listings:list")).content.decode()
    nav = re.search(r'<nav class="member-nav".*?</nav>', page, re.S).group(0)
    links = {}
    for name in ("Échanges", "Messages"):
        link = re.search(rf">{name}(.*?)</a>", nav, re.S).group(1)
        links[name] = re.sub(r"<[^>]+>|\s+", " ", link).strip()
    return links


def test_a_new_message_and_its_reading_show_on_the_next_page(client):
    listing = loan_listing()
    client.force_login(listing.author)
    assert badges(client) == {"Échanges": "", "Messages": ""}
    neighbour = VerifiedMemberFactory()
    message = messaging_services.conversation_start(listing=listing, sender=neighbour, body="Bonjour")
    assert badges(client)["Messages"] == "1 non lu"
    messaging_services.message_send(conversation=message.conversation, sender=neighbour, body="Toujours là ?")
    assert badges(client)["Messages"] == "2 non lus"
    client.get(message.conversation.get_absolute_url())  # reading the thread
    assert badges(client)["Messages"] == ""
    # The other side: their own messages are never unread; the author's answer is.
    other = client.__class__()
    other.force_login(neighbour)
    assert badges(other)["Messages"] == ""
    messaging_services.message_send(conversation=message.conversation, sender=listing.author, body="Oui")
    assert badges(other)["Messages"] == "1 non lu"


def test_an_exchange_request_and_its_answer_show_on_the_next_page(client):
    listing = loan_listing()
    client.force_login(listing.author)
    exchange = exchange_services.exchange_request(
        listing=listing, initiator=VerifiedMemberFactory(), start=in_days(5), end=in_days(6), message="Possible ?"
    )
    assert badges(client) == {"Échanges": "1 à répondre", "Messages": "1 non lu"}
    exchange_services.exchange_decline(exchange=exchange, by=listing.author)
    assert badges(client)["Échanges"] == ""


def test_deleting_the_annonce_clears_its_badges(client):
    listing = loan_listing()
    client.force_login(listing.author)
    messaging_services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Bonjour")
    assert badges(client)["Messages"] == "1 non lu"
    listing_services.listing_delete(listing=listing)
    assert badges(client)["Messages"] == ""


def test_the_badges_cost_no_query_once_counted(client):
    listing = loan_listing()
    client.force_login(listing.author)
    messaging_services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Bonjour")
    badges(client)
    with CaptureQueriesContext(connection) as queries:
        assert badges(client)["Messages"] == "1 non lu"
    tables = ("messaging_message", "exchanges_exchange")
    assert [q["sql"] for q in queries if any(table in q["sql"] for table in tables)] == []
