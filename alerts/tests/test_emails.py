"""The alert e-mails: why (the search), the annonces with their links, the one-click unsubscribe."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from alerts import services
from alerts.models import AlertMatch, Frequency, MatchStatus
from alerts.tasks import match_published_listing, send_daily_digests
from alerts.tests.factories import saved_search
from listings.models import Status
from listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_the_immediate_e_mail_says_why_shows_the_annonce_and_can_unsubscribe(settings):
    alert = saved_search("category=pret-objets&near=75011", label="Pour l'été", frequency=Frequency.IMMEDIATE)
    listing = ListingFactory(title="Tente d'Émile & fils", category=alert.category)
    match_published_listing(listing.pk)
    [message] = mail.outbox
    assert message.to == [alert.user.email]
    assert message.subject == "Alerte « Pour l'été » : une nouvelle annonce"
    assert "Votre recherche : Prêt d'objets entre particuliers · à 25 km de Paris 11e" in message.body
    assert "Tente d'Émile & fils" in message.body  # as typed: no HTML escaping in text
    assert f"{settings.SITE_URL}/annonces/{listing.pk}/" in message.body
    unsubscribe = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    # RFC 8058: the mail client POSTs, logged out, with no CSRF token; the alert is off.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.active is False
    match_published_listing(ListingFactory(title="Autre tente", category=alert.category).pk)
    assert len(mail.outbox) == 1


def test_daily_alerts_wait_for_the_digest_and_send_once():
    alert = saved_search("q=tente", frequency=Frequency.DAILY)
    first = ListingFactory(title="Tente 2 places")
    second = ListingFactory(title="Tente 6 places")
    gone = ListingFactory(title="Tente retirée")
    for listing in (first, second, gone):
        match_published_listing(listing.pk)
    assert mail.outbox == []
    gone.status = Status.PAUSED
    gone.save()
    with time_machine.travel("2026-07-01 08:00 +02:00"):
        assert send_daily_digests() == 1
        assert send_daily_digests() == 0
    [message] = mail.outbox
    assert message.subject == f"Alerte « {alert.label} » : 2 nouvelles annonces"
    assert "Tente 2 places" in message.body and "Tente 6 places" in message.body
    assert "Tente retirée" not in message.body
    assert set(AlertMatch.objects.values_list("status", flat=True)) == {MatchStatus.SENT, MatchStatus.DROPPED}


def test_an_alert_turned_off_before_the_digest_sends_nothing():
    alert = saved_search("q=tente", frequency=Frequency.DAILY)
    match_published_listing(ListingFactory(title="Tente").pk)
    services.saved_search_update(saved_search=alert, active=False)
    assert send_daily_digests() == 0
    assert mail.outbox == []


def test_the_digest_hour_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["alerts-daily-digest"]
    assert entry["task"] == "alerts.tasks.send_daily_digests"
    assert entry["schedule"].hour == {settings.ALERTS_DIGEST_HOUR}
    assert settings.CELERY_TIMEZONE == "Europe/Paris"


def test_publishing_sends_the_matching_after_commit(django_capture_on_commit_callbacks, verified_member):
    from listings import services as listing_services
    from listings.tests.factories import category

    alert = saved_search("q=perceuse")
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_create(
            author=verified_member,
            category=category("pret-objets"),
            kind="offer",
            title="Perceuse sans fil",
            description="Avec deux batteries.",
            postcode="75011",
            city="Paris 11e Arrondissement",
        )
        assert mail.outbox == []  # never in the request
    assert [m.to for m in mail.outbox] == [[alert.user.email]]
