"""The alert pages: « Créer une alerte » from a search, « Mes alertes », the neighbours' form, and
the unsubscribe link, logged out."""

import pytest
from django.test import Client
from django.urls import reverse

from alerts.models import AlertMatch, Frequency, SavedSearch
from alerts.tests.factories import saved_search
from alerts.tokens import unsubscribe_path
from listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_the_search_page_offers_to_save_the_search_as_it_stands(verified_client):
    page = verified_client.get("/annonces/", {"q": "tente", "near": "69003", "page": "2"}).content.decode()
    assert 'href="/alertes/nouvelle/?q=tente&amp;near=69003"' in page
    assert "Créer une alerte" not in verified_client.get("/annonces/").content.decode()


def test_create_an_alert_from_a_search(verified_client, verified_member):
    form = verified_client.get("/alertes/nouvelle/?q=tente&near=69003&radius=10").content.decode()
    assert "« tente » · à 10 km de Lyon 3e" in form
    response = verified_client.post(
        "/alertes/nouvelle/", {"query": "q=tente&near=69003&radius=10", "label": "", "frequency": "immediate"}
    )
    assert response.status_code == 302
    alert = SavedSearch.objects.get(user=verified_member)
    assert alert.query == "q=tente&near=69003&radius=10"
    assert alert.frequency == Frequency.IMMEDIATE
    assert alert.label.startswith("« tente »")


def test_a_search_the_page_refuses_is_not_saved_and_says_why(verified_client, verified_member):
    response = verified_client.post("/alertes/nouvelle/", {"query": "near=Nullepart-sur-Rien", "frequency": "daily"})
    assert response.status_code == 400
    assert "Lieu introuvable" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_my_alerts_count_new_matches_and_open_as_a_search(verified_client, verified_member):
    alert = saved_search("q=tente", user=verified_member, label="Tente pour juillet")
    for title in ("Tente A", "Tente B"):
        AlertMatch.objects.create(saved_search=alert, user=verified_member, listing=ListingFactory(title=title))
    saved_search("q=velo", label="Vélo de quelqu'un d'autre")
    page = verified_client.get("/alertes/").content.decode()
    assert "Tente pour juillet" in page and "2 nouvelles" in page
    assert "Vélo de quelqu" not in page
    response = verified_client.get(f"/alertes/{alert.pk}/")
    assert response.url == "/annonces/?q=tente"
    assert "nouvelle" not in verified_client.get("/alertes/").content.decode().split("Tente pour juillet")[1][:200]


def test_toggle_edit_and_delete_only_ones_own(verified_client, verified_member):
    mine = saved_search("q=tente", user=verified_member)
    other = saved_search("q=velo")
    verified_client.post(f"/alertes/{mine.pk}/basculer/")
    mine.refresh_from_db()
    assert mine.active is False
    verified_client.post(f"/alertes/{mine.pk}/modifier/", {"label": "Camping", "frequency": "daily", "active": "on"})
    mine.refresh_from_db()
    assert (mine.label, mine.frequency, mine.active) == ("Camping", "daily", True)
    for url in ("/", "/basculer/", "/modifier/", "/supprimer/"):
        assert verified_client.post(f"/alertes/{other.pk}{url}").status_code in (404, 405)
    verified_client.post(f"/alertes/{mine.pk}/supprimer/")
    assert list(SavedSearch.objects.all()) == [other]


def test_neighbours_requests_alert(verified_client, verified_member):
    response = verified_client.post(
        "/alertes/voisins/",
        {"near": "69003", "radius": "10", "categories": ["entraide-voisins", "pret-objets"], "frequency": "immediate"},
    )
    assert response.status_code == 302
    queries = sorted(SavedSearch.objects.filter(user=verified_member).values_list("query", flat=True))
    assert queries == [
        "kind=request&near=69003&radius=10&category=entraide-voisins",
        "kind=request&near=69003&radius=10&category=pret-objets",
    ]
    response = verified_client.post("/alertes/voisins/", {"near": "Nullepart", "radius": "10", "frequency": "daily"})
    assert response.status_code == 400 and "Lieu introuvable" in response.content.decode()


def test_unsubscribe_logged_out_asks_then_turns_the_alert_off():
    alert = saved_search("q=tente", label="Tente pour juillet")
    client = Client(enforce_csrf_checks=True)
    page = client.get(unsubscribe_path(alert))
    assert page.status_code == 200 and "Tente pour juillet" in page.content.decode()
    alert.refresh_from_db()
    assert alert.active is True  # a link opened by a mail scanner changes nothing
    done = client.post(unsubscribe_path(alert))
    assert "Alerte désactivée" in done.content.decode()
    alert.refresh_from_db()
    assert alert.active is False


def test_a_forged_or_other_token_is_refused():
    alert = saved_search("q=tente")
    forged = reverse("alerts:unsubscribe", args=[f"{alert.pk}:forged"])
    assert Client().post(forged).status_code == 404
    alert.refresh_from_db()
    assert alert.active is True


def test_pages_are_behind_the_wall(member_client):
    for url in ("/alertes/", "/alertes/nouvelle/?q=x", "/alertes/voisins/"):
        assert Client().get(url).url.startswith("/comptes/login/")
        assert member_client.get(url).url.startswith(reverse("members:verification"))
