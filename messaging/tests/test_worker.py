"""A real Celery worker consumes the message e-mail task through the real Redis, after commit."""

import time

import pytest
from django.core import mail

from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory
from messaging import services


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
