"""Nothing lost when Redis is down (broker AND cache pointed at a real closed port): booking a seat,
posting an annonce and sending a message commit, the person sees success, and the e-mails wait in
the outbox until the broker is back (here: `manage.py outbox_flush` with tasks inline)."""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from club.models import OutboxTask
from events.models import Booking
from events.tests.factories import EventFactory
from listings.models import Listing
from listings.tests.factories import ListingFactory, ensure_categories, upload
from members.tests.factories import VerifiedMemberFactory
from messaging.models import Conversation, Message

from .test_outbox import CLOSED_PORT_BROKER, broker

CLOSED_CACHE = {
    "default": {
        "BACKEND": "club.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs for real, as in production


@contextmanager
def redis_down():
    with broker(CLOSED_PORT_BROKER, eager=False), override_settings(CACHES=CLOSED_CACHE):
        yield


def broker_back_and_flush():
    call_command("outbox_flush")  # tasks run inline again: the broker is "back"


def test_booking_a_seat_with_redis_down_commits_and_the_email_follows():
    event = EventFactory()
    client = Client()
    with redis_down():
        response = client.post(
            event.get_absolute_url(),
            {"name": "Ana Lopez", "email": "ana@example.org", "seats": "2", "consent": "on"},
            follow=True,
        )
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert booking.status == "confirmed" and booking.seats == 2
    assert "Ana Lopez" in response.content.decode()  # the booking page, as usual
    assert OutboxTask.objects.get().task_name == "events.tasks.send_booking_mail"
    assert mail.outbox == []

    broker_back_and_flush()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert not OutboxTask.objects.exists()


def test_posting_an_annonce_with_redis_down_commits_and_says_so():
    ensure_categories()  # a transactional test's flush removed them
    member = VerifiedMemberFactory()
    client = Client()
    client.force_login(member)
    with redis_down():
        response = client.post(
            reverse("listings:create", args=["vide-grenier"]),
            {
                "kind": "offer",
                "title": "Lampe verte",
                "description": "Marche.",
                "postcode": "75011",
                "price": "3",
                "photos": [upload("lampe.jpg")],
            },
            follow=True,
        )
    listing = Listing.objects.get()
    assert listing.author == member and listing.photos.count() == 1
    assert "Votre annonce est publiée pour 60 jours." in response.content.decode()
    # The alerts' matching waits in the outbox for the broker: nothing is lost.
    assert list(OutboxTask.objects.values_list("task_name", "args")) == [
        ("alerts.tasks.match_published_listing", [listing.pk])
    ]


def test_sending_a_message_with_redis_down_commits_and_the_email_follows():
    listing = ListingFactory()
    writer = VerifiedMemberFactory()
    client = Client()
    client.force_login(writer)
    with redis_down():
        response = client.post(
            reverse("listings:contact", args=[listing.pk]), {"body": "Toujours libre ?"}, follow=True
        )
    assert Message.objects.get().body == "Toujours libre ?"
    assert response.redirect_chain[-1][0] == Conversation.objects.get().get_absolute_url()
    assert "Message envoyé" in response.content.decode()
    assert OutboxTask.objects.get().task_name == "messaging.tasks.notify_new_message"
    assert mail.outbox == []

    broker_back_and_flush()
    assert [message.to for message in mail.outbox] == [[listing.author.email]]
    assert not OutboxTask.objects.exists()

    # The author answers in the thread, Redis down again: the reply reaches the writer later.
    author = Client()
    author.force_login(listing.author)
    with redis_down():
        reply = author.post(Conversation.objects.get().get_absolute_url(), {"body": "Oui !"}, follow=True)
    assert "Message envoyé" in reply.content.decode() and Message.objects.count() == 2
    assert OutboxTask.objects.count() == 1

    broker_back_and_flush()
    assert [message.to for message in mail.outbox] == [[listing.author.email], [writer.email]]
    assert not OutboxTask.objects.exists()
