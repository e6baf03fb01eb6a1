"""Requests at the same moment (PostgreSQL): one membership per member and group, and a group
never left without an admin."""

import threading

import pytest
from django.db import connection

from community import services
from community.models import Access, Membership, Role
from members.tests.factories import VerifiedMemberFactory

from .factories import GroupFactory, MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(count, action):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def attempt(n):
        try:
            barrier.wait()
            results.append(action(n))
        except services.GroupError as refusal:  # a clear answer, not a failure
            results.append(refusal)
        except Exception as error:  # anything else would be a 500
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_ten_join_requests_at_once_make_one_membership():
    group = GroupFactory(access=Access.APPROVAL)
    member = VerifiedMemberFactory()
    results, errors = run_at_once(10, lambda n: services.group_join(group=group, user=member).pk)
    assert errors == []
    assert len(set(results)) == 1
    assert Membership.objects.filter(group=group, user=member).count() == 1


def test_two_admins_leaving_at_once_leave_one_admin():
    group = GroupFactory()
    second = MembershipFactory(group=group, role=Role.ADMIN)
    MembershipFactory(group=group)
    admins = [group.founder, second.user]
    results, errors = run_at_once(2, lambda n: services.group_leave(group=group, user=admins[n]))
    assert errors == []
    assert sum(isinstance(result, services.GroupError) for result in results) == 1
    assert Membership.objects.filter(group=group, role=Role.ADMIN).count() == 1


def test_two_supports_at_once_by_one_member_count_once():
    from community import proposals
    from community.models import ProposalSupport

    from .factories import ProposalFactory

    proposal = ProposalFactory()
    member = VerifiedMemberFactory()
    results, errors = run_at_once(2, lambda n: proposals.proposal_support(proposal=proposal, user=member))
    assert errors == []
    assert sorted(results) == [False, True]
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalSupport.objects.filter(proposal=proposal, user=member).count() == 1
