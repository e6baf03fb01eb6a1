"""A real Celery worker on the real Redis matches a published annonce and e-mails the alert."""

import time

import pytest
from django.core import mail

from alerts.tests.factories import saved_search
from listings import services
from listings.tests.factories import category
from members.tests.factories import VerifiedMemberFactory


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_alert_of_a_published_annonce(celery_worker):
    from listings.tests.factories import ensure_categories

    ensure_categories()
    alert = saved_search("q=tentes&near=69003&radius=10")
    saved_search("q=velo")
    author = VerifiedMemberFactory()
    services.listing_create(
        author=author,
        category=category("pret-objets"),
        kind="offer",
        title="Tente familiale",
        description="Six places, facile à monter.",
        postcode="69003",
        city="Lyon 3e Arrondissement",
    )
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # and nothing more comes
    assert [message.to for message in mail.outbox] == [[alert.user.email]]
    assert "Tente familiale" in mail.outbox[0].body
