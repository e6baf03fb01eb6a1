import pytest

from alerts.demo import seed_alerts
from alerts.models import AlertMatch, SavedSearch
from listings.demo import seed_listings
from members.demo import seed_members

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_a_few_alerts_and_seeding_twice_adds_nothing():
    seed_members()
    seed_listings()
    seed_alerts()
    counts = (SavedSearch.objects.filter(user__email="membre@club.example").count(), AlertMatch.objects.count())
    assert counts[0] == 4 and counts[1] >= 2
    seed_alerts()
    assert counts == (SavedSearch.objects.count(), AlertMatch.objects.count())
