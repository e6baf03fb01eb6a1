"""The conversations API: starting a thread about an annonce (`listings/<pk>/contact/`), the inbox,
a thread and replying, 404 for anybody outside the thread (staff included), and the rate limit."""

import pytest
from rest_framework.test import APIClient

from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, VerifiedMemberFactory
from messaging.models import Conversation

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def detail(listing) -> str:
    return f"/api/v1/listings/{listing.pk}/"


def test_conversation_start_read_and_reply(verified_member):
    listing = ListingFactory()
    api = client_for(verified_member)
    assert api.post(f"{detail(listing)}contact/", {"body": "  "}, format="json").status_code == 400
    response = api.post(f"{detail(listing)}contact/", {"body": "Toujours disponible ?"}, format="json")
    assert response.status_code == 201
    conversation_id = response.json()["conversation"]
    author = client_for(listing.author)
    inbox = author.get("/api/v1/conversations/").json()["results"]
    assert inbox[0]["unread"] == 1 and inbox[0]["last_message"] == "Toujours disponible ?"
    thread = author.get(f"/api/v1/conversations/{conversation_id}/").json()
    assert [m["body"] for m in thread["messages"]] == ["Toujours disponible ?"]
    reply = author.post(f"/api/v1/conversations/{conversation_id}/messages/", {"body": "Oui !"}, format="json")
    assert reply.status_code == 201 and reply.json()["is_mine"]
    outsider = client_for(VerifiedMemberFactory())
    assert outsider.get(f"/api/v1/conversations/{conversation_id}/").status_code == 404
    assert client_for(StaffFactory()).get(f"/api/v1/conversations/{conversation_id}/").status_code == 404
    posted = outsider.post(f"/api/v1/conversations/{conversation_id}/messages/", {"body": "Moi"}, format="json")
    assert posted.status_code == 404


def test_writing_to_oneself_is_refused(verified_member):
    listing = ListingFactory(author=verified_member)
    response = client_for(verified_member).post(f"{detail(listing)}contact/", {"body": "Moi"}, format="json")
    assert response.status_code == 403
    assert not Conversation.objects.exists()


def test_messages_are_rate_limited(verified_member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "send_message": "2/h/user"}
    listing = ListingFactory()
    api = client_for(verified_member)
    for _ in range(2):
        assert api.post(f"{detail(listing)}contact/", {"body": "Bonjour"}, format="json").status_code == 201
    assert api.post(f"{detail(listing)}contact/", {"body": "Bonjour"}, format="json").status_code == 429
