"""The annonces pages with the demo data: many results, a map full of markers, pagination."""

import pytest

from listings.demo import seed_listings
from listings.tests.factories import ensure_categories
from members.demo import DEMO_PASSWORD, seed_members
from members.models import User
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def load_images(page):
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    wait_until(page, "[...document.images].every((img) => img.complete)")


def test_demo_search_inbox_and_my_annonces(page, login, shoot):
    ensure_categories()
    seed_members()
    seed_listings()
    login(User.objects.get(email="membre@club.example"), password=DEMO_PASSWORD)
    page.goto("/annonces/?near=75011&radius=10")
    assert page.locator(".listing-card").count() == 20
    page.locator(".map-results .map-cluster").first.wait_for()  # twenty markers close together: clusters
    assert page.get_by_text("Page 1 sur").is_visible()
    load_images(page)
    shoot("demo-search")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Suivante").click()
    page.get_by_text("Page 2 sur").wait_for()
    assert "page=2" in page.url
    page.goto("/annonces/?category=covoiturage-gratuit")
    assert page.get_by_label("Places, au moins").count() == 1
    shoot("demo-rides")
    page.goto("/messages/")
    assert page.locator(".inbox-item").count() >= 2
    shoot("demo-inbox")
    page.goto("/annonces/mes-annonces/")
    load_images(page)
    shoot("demo-mine")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
