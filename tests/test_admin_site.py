"""The admin carries the club's name and its favicon, on the index and on every page under it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_has_the_clubs_name_and_favicon(staff_client):
    for url in (reverse("admin:index"), reverse("admin:listings_listing_changelist")):
        html = staff_client.get(url).content.decode()
        assert "Le Club · administration" in html, url
        assert "| Le Club</title>" in html, url
        assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html, url
    assert "Modération et pilotage" in staff_client.get(reverse("admin:index")).content.decode()
