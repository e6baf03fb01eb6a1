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


def test_demo_proposals_are_in_every_state_once_with_the_accepted_one_on_the_agenda():
    from community.demo import seed_proposals
    from community.models import Proposal, ProposalState
    from events.demo import seed_events
    from venue.demo import seed_venue

    seed_members()
    seed_listings()
    seed_venue()
    seed_events()
    seed_proposals()
    seed_proposals()
    assert set(Proposal.objects.values_list("state", flat=True)) == set(ProposalState.values)
    assert Proposal.objects.count() == 4
    accepted = Proposal.objects.get(state=ProposalState.ACCEPTED)
    assert accepted.event.status == "published" and accepted.support_count > 0
    from events.selectors import agenda

    assert accepted.event.is_public() and accepted.event in agenda()  # its early access is over
