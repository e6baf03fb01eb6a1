"""Issue 18's search pages as a member sees them: « plus de … annonces » when the count stops
early, the pages numbered without a total, the cached cards (with the member's own « favori »)
and the annonce's page with its cached main column. Screenshots at phone and desktop widths."""

import pytest
from django.urls import reverse

from listings import selectors, services
from listings.photos import prepare_photo
from listings.tests.factories import ListingFactory, ensure_categories, upload
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dense_search_says_more_than_and_its_pages_go_on(page, login, shoot, monkeypatch, check_accessibility):
    ensure_categories()
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 20)
    member = VerifiedMemberFactory()
    listings = [ListingFactory(title=f"Perceuse {n}", lat=48.86, lng=2.38 + n * 0.002) for n in range(45)]
    services.photos_add(listing=listings[0], photos=[prepare_photo(upload())])
    services.favourite_toggle(user=member, listing=listings[1])
    login(member)
    page.goto(reverse("listings:list") + "?lat=48.86&lng=2.38&radius=10")
    count = page.locator("[data-result-count]").inner_text()
    assert count.startswith("plus de 20 annonces"), count
    assert page.locator(".pagination-summary").inner_text().strip() == "Page 1"
    assert page.locator(".fav-mark").count() == 1
    check_accessibility(page)
    shoot("search-scale-more-than")
    page.goto(reverse("listings:list") + "?lat=48.86&lng=2.38&radius=10&page=3")
    assert page.locator("[data-result-count]").inner_text().startswith("45 annonces")
    assert page.locator(".pagination-summary").inner_text().strip() == "Page 3 sur 3"
    shoot("search-scale-last-page")
    page.goto(reverse("listings:detail", args=[listings[0].pk]))
    assert page.get_by_role("heading", name="Perceuse 0").is_visible()
    check_accessibility(page)
    shoot("search-scale-detail")
