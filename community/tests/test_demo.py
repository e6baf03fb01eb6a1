import pytest

from community.demo import seed_groups
from community.models import Access, Group, MembershipStatus, Post
from listings.demo import seed_listings
from members.demo import seed_members

pytestmark = pytest.mark.django_db


def test_demo_groups_are_seeded_once_with_members_posts_and_a_pending_request():
    seed_members()
    seed_listings()
    seed_groups()
    seed_groups()
    assert Group.objects.count() == 5
    assert set(Group.objects.values_list("access", flat=True)) == {Access.OPEN, Access.APPROVAL}
    assert Post.objects.filter(parent__isnull=False).exists() and Post.objects.filter(pinned=True).exists()
    assert Group.objects.filter(memberships__status=MembershipStatus.PENDING).exists()
    assert Group.objects.filter(shares__isnull=False).exists()
