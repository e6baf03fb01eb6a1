"""The groups' API: the same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from community.models import Membership, MembershipStatus, Post
from members.tests.factories import UserFactory, VerifiedMemberFactory

from .factories import MembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_api_is_for_verified_members_only(open_group):
    assert api().get("/api/v1/groups/").status_code == 401
    assert api(UserFactory()).get("/api/v1/groups/").status_code == 403
    assert api(UserFactory()).get(f"/api/v1/groups/{open_group.pk}/posts/").status_code == 403


def test_listing_shows_groups_with_counts_only_where_members_are_visible(open_group, closed_group, closed_member):
    data = api(VerifiedMemberFactory()).get("/api/v1/groups/", {"q": ""}).json()
    by_name = {group["name"]: group for group in data["results"]}
    assert by_name["Jardiniers du 11e"]["member_count"] == 1
    assert by_name["Motards du Val-de-Marne"]["member_count"] is None
    assert by_name["Motards du Val-de-Marne"]["membership"] is None
    found = api(VerifiedMemberFactory()).get("/api/v1/groups/", {"place": "val-de"}).json()["results"]
    assert found == []  # the factory's place is Paris 11e


def test_someone_elses_group_on_approval_is_404(closed_group, closed_post, closed_member):
    outsider = api(VerifiedMemberFactory())
    assert outsider.get(f"/api/v1/groups/{closed_group.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/groups/{closed_group.pk}/posts/").status_code == 404
    assert outsider.post(f"/api/v1/groups/{closed_group.pk}/posts/", {"text": "x"}).status_code == 404
    member = api(closed_member)
    detail = member.get(f"/api/v1/groups/{closed_group.pk}/").json()
    assert {m["display_name"] for m in detail["members"]} == {
        closed_group.founder.profile.public_name,
        closed_member.profile.public_name,
    }
    posts = member.get(f"/api/v1/groups/{closed_group.pk}/posts/").json()["results"]
    assert [p["text"] for p in posts] == ["SECRET-MOTARDS balade dimanche"]


def test_join_and_leave(open_group, closed_group):
    member = VerifiedMemberFactory()
    client = api(member)
    assert client.post(f"/api/v1/groups/{open_group.pk}/join/").json()["status"] == "active"
    assert client.post(f"/api/v1/groups/{closed_group.pk}/join/").json()["status"] == "pending"
    assert client.post(f"/api/v1/groups/{closed_group.pk}/join/").json()["status"] == "pending"
    assert Membership.objects.filter(user=member).count() == 2
    assert client.post(f"/api/v1/groups/{open_group.pk}/leave/").status_code == 204
    assert client.post(f"/api/v1/groups/{open_group.pk}/leave/").status_code == 404
    assert list(Membership.objects.filter(user=member).values_list("status", flat=True)) == [MembershipStatus.PENDING]


def test_posting_needs_membership_and_a_text(open_group):
    outsider = api(VerifiedMemberFactory())
    assert outsider.get(f"/api/v1/groups/{open_group.pk}/posts/").status_code == 200
    assert outsider.post(f"/api/v1/groups/{open_group.pk}/posts/", {"text": "Bonjour"}).status_code == 403
    member = api(MembershipFactory(group=open_group).user)
    response = member.post(f"/api/v1/groups/{open_group.pk}/posts/", {"text": "   "}, format="json")
    assert response.status_code == 400 and "text" in response.json()
    response = member.post(f"/api/v1/groups/{open_group.pk}/posts/", {"text": "Bonjour <b>à tous</b>"}, format="json")
    assert response.status_code == 201 and response.json()["text"] == "Bonjour <b>à tous</b>"
    other = PostFactory()  # another group's message
    response = member.post(f"/api/v1/groups/{open_group.pk}/posts/", {"text": "r", "parent": other.pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    assert Post.objects.filter(group=open_group).count() == 1


def test_creating_a_group_by_the_api(db):
    founder = VerifiedMemberFactory()
    response = api(founder).post(
        "/api/v1/groups/", {"name": "Jardiniers du 11e", "description": "Graines", "access": "approval"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["membership"] == {"status": "active", "role": "admin", "notify": "every_post"}
    response = api(founder).post("/api/v1/groups/", {"name": "", "access": "secret"}, format="json")
    assert response.status_code == 400 and {"name", "description", "access"} <= set(response.json())
