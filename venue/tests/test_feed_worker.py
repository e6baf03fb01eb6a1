"""A real Celery worker runs the beat task's fan-out: one task per partner, through the real Redis."""

import time

import pytest

from venue.models import Partner
from venue.tasks import import_partner_feeds

from .factories import PartnerFactory


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_each_partner_feed_even_after_a_broken_one(feed_server, celery_worker):
    broken = PartnerFactory(feed_url=f"{feed_server.url}/malformed.xml")
    good = PartnerFactory(feed_url=f"{feed_server.url}/good.xml")
    import_partner_feeds.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Partner.objects.filter(feed_checked_at__isnull=True).exists():
        time.sleep(0.2)
    broken.refresh_from_db()
    assert "illisible" in broken.feed_error
    assert good.offers.count() == 3
