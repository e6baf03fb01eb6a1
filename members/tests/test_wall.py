import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ANNONCES = "/annonces/"


def test_anonymous_is_sent_to_login_and_back(client):
    response = client.get("/annonces/mes-annonces/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/annonces/mes-annonces/"


def test_anonymous_following_annonces_is_sent_to_the_page_that_explains_them(client):
    response = client.get(ANNONCES)
    assert response.status_code == 302
    assert response.url == f"{reverse('listings:discover')}?next=%2Fannonces%2F"


def test_unverified_is_sent_to_verification_and_back(member_client):
    response = member_client.get(ANNONCES)
    assert response.status_code == 302
    assert response.url == f"{reverse('members:verification')}?next=%2Fannonces%2F"


def test_verified_member_sees_annonces(verified_client):
    assert verified_client.get(ANNONCES).status_code == 200


def test_staff_pass_the_wall(staff_client):
    assert staff_client.get(ANNONCES).status_code == 200


def test_inactive_account_does_not_pass(client, verified_member):
    verified_member.is_active = False
    verified_member.save()
    client.force_login(verified_member)
    assert client.get(ANNONCES).status_code == 302


def test_api_permission_refuses_anonymous_and_unverified(rf, member, verified_member):
    from django.contrib.auth.models import AnonymousUser

    from members.wall import IsVerifiedMember

    permission = IsVerifiedMember()
    request = rf.get("/")
    for user, allowed in [(AnonymousUser(), False), (member, False), (verified_member, True)]:
        request.user = user
        assert permission.has_permission(request, None) is allowed


def test_english_annonces_url_has_the_same_wall(client):
    response = client.get("/en/annonces/")
    assert response.status_code == 302
    assert response.url.startswith("/en/annonces/decouvrir/")
