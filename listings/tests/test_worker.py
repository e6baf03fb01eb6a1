"""A real Celery worker consumes the message e-mail task through the real Redis, after commit."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from club.celery import app
from listings import services
from members.tests.factories import VerifiedMemberFactory

from .factories import ListingFactory


@pytest.fixture
def celery_worker():
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_always_eager = True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_emails_the_author_after_commit(celery_worker):
    listing = ListingFactory()
    sender = VerifiedMemberFactory()
    services.conversation_start(listing=listing, sender=sender, body="Bonjour")
    deadline = time.monotonic() + 20
    while len(mail.outbox) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [message.to for message in mail.outbox] == [[listing.author.email]]
