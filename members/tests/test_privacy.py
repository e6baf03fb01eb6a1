import json

import pytest
from django.urls import reverse

from members.models import MemberProfile, User
from members.services import verification_submit
from members.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_export_is_a_json_download_of_my_data(verified_client, verified_member):
    response = verified_client.get(reverse("members:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == verified_member.email
    assert data["profile"]["display_name"] == verified_member.profile.display_name
    assert data["profile"]["verification_status"] == "verified"


def test_export_needs_login(client):
    assert client.get(reverse("members:data_export")).status_code == 302


def test_delete_needs_the_password_and_keeps_the_account_otherwise(member_client, member):
    response = member_client.post(reverse("members:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert "bon mot de passe" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_removes_the_account_and_frees_the_roster_row(client, verified_member):
    entry = verified_member.profile.roster_entry
    client.force_login(verified_member)
    response = client.post(reverse("members:delete"), {"password": PASSWORD}, follow=True)
    assert "ont été supprimés" in response.content.decode()
    assert not User.objects.filter(pk=verified_member.pk).exists()
    assert not MemberProfile.objects.filter(roster_entry=entry).exists()
    # The sociétaire can verify a new account with the same roster row.
    newcomer = UserFactory()
    profile = verification_submit(
        profile=newcomer.profile, number=entry.number, last_name=entry.last_name, postcode=entry.postcode
    )
    assert profile.is_verified
