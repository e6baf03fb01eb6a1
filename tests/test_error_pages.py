"""Error pages 400, 403 (CSRF), 404, 500 and 503: in the site's style, in French and English,
and revealing nothing of the internals."""

import pytest
from django.db import connection
from django.test import Client

from listings.tests.factories import ListingFactory

INTERNALS = [
    "Traceback",
    "DisallowedHost",
    "CSRF cookie",
    "CSRF token",
    "Referer",
    "CsrfViewMiddleware",
    "hunter2",
    "settings.py",
    "OperationalError",
    "DEBUG",
]


def assert_reveals_nothing(html: str):
    for word in INTERNALS:
        assert word not in html, word


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, lang, text", [("", "fr", "Requête invalide"), ("/en", "en", "Bad request")])
def test_400_for_a_forged_host_header(prefix, lang, text):
    response = Client(raise_request_exception=False).get(f"{prefix}/agenda/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and 'class="site-header"' in html
    assert text in html
    assert "attacker.example" not in html
    assert_reveals_nothing(html)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, lang, text", [("", "fr", "Le formulaire a expiré"), ("/en", "en", "Back to the")])
def test_403_for_an_expired_form_says_how_to_retry(prefix, lang, text):
    response = Client(enforce_csrf_checks=True).post(f"{prefix}/comptes/login/", {"login": "a@b.example"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and 'class="site-header"' in html
    assert text in html
    assert_reveals_nothing(html)


@pytest.mark.django_db
def test_403_page_tells_the_person_to_reload_and_send_again():
    html = Client(enforce_csrf_checks=True).post("/comptes/login/", {}).content.decode()
    assert "rechargez-la, puis envoyez de nouveau le formulaire" in html


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, lang, text", [("", "fr", "Page introuvable"), ("/en", "en", "Page not found")])
def test_404(prefix, lang, text):
    response = Client().get(f"{prefix}/agenda/n-existe-pas-du-tout/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and text in html and 'class="site-header"' in html
    assert_reveals_nothing(html)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/nothing", "/api/zzz", "/api/v1/listings/abc/", "/api"])
@pytest.mark.parametrize("who", ["anonymous", "verified"])
def test_an_unknown_address_under_the_api_is_a_json_404(client, verified_member, path, who):
    if who == "verified":
        client.force_login(verified_member)
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Introuvable."}
    # The site keeps its page.
    assert "Page introuvable" in client.get("/apiculture/").content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_failure_under_the_api_is_a_json_500_without_the_exception():
    response = Client(raise_request_exception=False).get("/api/v1/en-panne/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Erreur du serveur."}
    assert_reveals_nothing(response.content.decode())


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_500_in_french_and_english_without_the_exception():
    response = Client(raise_request_exception=False).get("/en-panne/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Un problème est survenu" in html and 'class="site-header"' in html
    assert '<p lang="en" class="muted">Something went wrong on our side.' in html
    assert "RuntimeError" not in html and "members_user" not in html
    assert_reveals_nothing(html)


def _database_down(client, url):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})  # nothing listens there
    try:
        return client.get(url)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


# On SQLite the test database lives in memory and cannot be made unreachable.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", ["agenda", "annonce"])
def test_database_unavailable_on_the_agenda_and_an_annonce_answers_the_friendly_503(page):
    client = Client(raise_request_exception=False)
    if page == "annonce":
        listing = ListingFactory()
        client.force_login(listing.author)
        url = listing.get_absolute_url()
    else:
        url = "/agenda/"
    response = _database_down(client, url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "momentanément indisponible" in html and "briefly unavailable" in html
    assert_reveals_nothing(html)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_unavailable_under_the_api_is_a_json_503():
    response = _database_down(Client(raise_request_exception=False), "/api/v1/events/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {"detail": "Service momentanément indisponible."}
