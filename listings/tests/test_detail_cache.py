"""The annonce's page is mostly read from the cache (listings/cards.py, exchanges/pages.py,
exchanges/versions.py): what every member sees alike is rendered once, what is the member's own
(their CSRF token, « favori », their conversation, their exchange request) on every request. These
tests prove both halves: a write shows at the very next request, and no member ever gets a part
made for another."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchanges import services as exchange_services
from exchanges.models import ExchangeStatus
from exchanges.tests.factories import ExchangeFactory, help_listing, in_days, loan_listing, trip_listing
from listings import services
from listings.tests.factories import category
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def panel(html: str) -> str:
    found = re.search(r'<section class="card exchange-panel".*?</section>', html, flags=re.S)
    return found.group(0) if found else ""


def test_a_warm_page_costs_two_queries_the_account_and_the_annonce():
    listing = loan_listing()
    member = client_of(VerifiedMemberFactory())
    url = listing.get_absolute_url()
    assert member.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert member.get(url).status_code == 200
    assert len(queries) == 2, [query["sql"] for query in queries.captured_queries]


def panel_token(html: str) -> str:
    return re.search(
        r'class="exchange-request-form" novalidate>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    ).group(1)


@pytest.mark.parametrize("make_listing", [loan_listing, help_listing], ids=["days", "slot"])
def test_each_member_gets_the_cached_request_form_with_their_own_csrf_token(make_listing):
    listing = make_listing()
    alice, bob = VerifiedMemberFactory(), VerifiedMemberFactory()
    url = listing.get_absolute_url()
    clients, tokens_of = {}, {}
    for member in (alice, bob, alice):  # the second and third pages read the panel from the cache
        client = clients.setdefault(member.pk, Client(enforce_csrf_checks=True))
        client.force_login(member)
        html = client.get(url).content.decode()
        assert "CSRFTOKENSLOT" not in html
        tokens_of.setdefault(member.pk, set()).add(panel_token(html))
        form = re.search(r'<form method="post" action="([^"]+)" class="exchange-request-form"', html).group(1)
        assert form == reverse("exchanges:request", args=[listing.pk])
    # Each member's token passes the CSRF check with their own cookie, and only with it.
    for member, other in ((alice, bob), (bob, alice)):
        form = reverse("exchanges:request", args=[listing.pk])
        for token in tokens_of[member.pk]:
            assert clients[other.pk].post(form, {"csrfmiddlewaretoken": token}).status_code == 403
            assert clients[member.pk].post(form, {"csrfmiddlewaretoken": token}).status_code == 400  # no dates


@pytest.mark.parametrize("make_listing", [loan_listing, help_listing, trip_listing], ids=["days", "slot", "seats"])
def test_every_form_of_the_page_carries_the_viewers_csrf_token(make_listing):
    """For the author (the form to block days, their own) and for a member (the cached request
    form), before and after the cache holds the page's parts."""
    listing = make_listing()
    for viewer in (listing.author, VerifiedMemberFactory(), listing.author):
        html = client_of(viewer).get(listing.get_absolute_url()).content.decode()
        forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
        expected = "block-form" if viewer == listing.author else "exchange-request-form"
        if viewer != listing.author or make_listing is loan_listing:
            assert any(expected in form for form in forms)
        for form in forms:
            assert 'name="csrfmiddlewaretoken" value="' in form, form[:200]


def test_a_members_open_request_is_shown_to_them_alone_at_the_next_request():
    listing = loan_listing()
    alice, bob = VerifiedMemberFactory(), VerifiedMemberFactory()
    url = listing.get_absolute_url()
    for member in (alice, bob):  # both get the blank form, now cached
        assert "Vous avez déjà une demande en attente" not in client_of(member).get(url).content.decode()
    exchange_services.exchange_request(
        listing=listing, initiator=alice, start=in_days(10), end=in_days(12), message="Bonjour, pour un week-end"
    )
    assert "Vous avez déjà une demande en attente" in client_of(alice).get(url).content.decode()
    assert "Vous avez déjà une demande en attente" not in client_of(bob).get(url).content.decode()


def test_favourite_and_conversation_stay_with_the_member_who_has_them():
    listing = loan_listing()
    alice, bob = VerifiedMemberFactory(), VerifiedMemberFactory()
    url = listing.get_absolute_url()
    client_of(bob).get(url)
    services.favourite_toggle(user=alice, listing=listing)
    message = messaging_services.conversation_start(listing=listing, sender=alice, body="Bonjour")
    theirs = client_of(alice).get(url).content.decode()
    thread = reverse("conversations:thread", args=[message.conversation_id])
    assert "Dans mes favoris" in theirs and thread in theirs
    others = client_of(bob).get(url).content.decode()
    assert "Ajouter aux favoris" in others and thread not in others
    assert 'id="contact"' in others and 'id="contact"' not in theirs


def test_the_authors_completed_exchanges_are_counted_again_at_the_next_request():
    listing = loan_listing()
    reader = client_of(VerifiedMemberFactory())
    url = listing.get_absolute_url()
    assert "· 0 échanges ·" in reader.get(url).content.decode()
    exchange = ExchangeFactory(listing=listing, status=ExchangeStatus.ACCEPTED)
    assert "· 0 échanges ·" in reader.get(url).content.decode()
    exchange.status = ExchangeStatus.COMPLETED
    exchange.save()
    assert "· 1 échange ·" in reader.get(url).content.decode()
    # On the author's other annonces too, and for the other side's own annonces.
    other = loan_listing(author=listing.author, title="Scie sauteuse")
    assert "· 1 échange ·" in reader.get(other.get_absolute_url()).content.decode()
    theirs = loan_listing(author=exchange.receiver, title="Échelle")
    assert "· 1 échange ·" in reader.get(theirs.get_absolute_url()).content.decode()
    exchange.delete()
    assert "· 0 échanges ·" in reader.get(url).content.decode()


def test_an_edited_annonce_or_cover_text_shows_in_the_request_panel_at_the_next_request():
    listing = loan_listing()
    reader = client_of(VerifiedMemberFactory())
    url = listing.get_absolute_url()
    assert "Demander ces dates" in panel(reader.get(url).content.decode())
    loans = category("pret-objets")
    loans.cover_text = "Votre responsabilité civile couvre l'objet prêté."
    loans.save()
    assert "Votre responsabilité civile couvre" in panel(reader.get(url).content.decode())
    services.listing_change_status(listing=listing, action="pause")
    assert reader.get(url).status_code == 404
