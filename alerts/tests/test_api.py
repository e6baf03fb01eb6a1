"""GET/POST /api/v1/saved-searches/, PATCH/DELETE /api/v1/saved-searches/<id>/."""

import pytest
from django.test import Client

from alerts.models import SavedSearch
from alerts.tests.factories import saved_search

pytestmark = pytest.mark.django_db
URL = "/api/v1/saved-searches/"


def test_save_list_change_and_delete(verified_client, verified_member):
    response = verified_client.post(
        URL,
        {"query": "q=velo&near=69003&radius=10", "label": "Vélo", "frequency": "immediate", "active": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["query"] == "q=velo&near=69003&radius=10"
    assert data["description"].startswith("« velo » · à 10 km de Lyon 3e")
    listed = verified_client.get(URL).json()["results"]
    assert [row["id"] for row in listed] == [data["id"]]
    response = verified_client.patch(
        f"{URL}{data['id']}/", {"active": False, "frequency": "daily"}, content_type="application/json"
    )
    assert response.json()["active"] is False and response.json()["frequency"] == "daily"
    assert verified_client.delete(f"{URL}{data['id']}/").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("query", "says"), [("near=Nullepart-sur-Rien", "Lieu introuvable"), ("category=inconnue", "Catégorie")]
)
def test_a_query_the_search_page_refuses_is_a_400_with_the_reason(verified_client, query, says):
    response = verified_client.post(URL, {"query": query}, content_type="application/json")
    assert response.status_code == 400
    assert says in " ".join(response.json()["query"])
    response = verified_client.post(URL, {"query": "q=x", "frequency": "weekly"}, content_type="application/json")
    assert response.status_code == 400 and "frequency" in response.json()


def test_another_members_alert_is_404(verified_client):
    other = saved_search("q=tente")
    assert verified_client.get(f"{URL}{other.pk}/").status_code == 404
    assert (
        verified_client.patch(f"{URL}{other.pk}/", {"active": False}, content_type="application/json").status_code
        == 404
    )
    assert verified_client.delete(f"{URL}{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.active is True


def test_the_wall(member_client):
    assert Client().get(URL).status_code == 401
    assert member_client.get(URL).status_code == 403
