"""The annonces search on a phone (390 × 844): the filters fold behind « Filtres (n) » so that the
first result shows without scrolling; the pages of results are numbered. Without JavaScript the
filters are simply shown."""

import pytest
from django.urls import reverse

from listings.tests.factories import ListingFactory, ensure_categories
from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import VIEWPORTS
from tests.browser.test_maps import SHOTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def many_annonces():
    ensure_categories()
    return [ListingFactory(title=f"Perceuse {n}") for n in range(45)]  # 3 pages of 20


def in_viewport(page, selector) -> bool:
    return page.evaluate(
        f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )


def test_filters_fold_on_a_phone_and_the_first_result_shows(
    page, login, viewport_name, many_annonces, check_accessibility
):
    login(VerifiedMemberFactory())
    page.goto(reverse("listings:list") + "?near=75011&radius=10&q=perceuse")
    toggle = page.locator("[data-filters-toggle]")
    form = page.locator("#search-filters")
    if viewport_name == "desktop":
        # Room enough: no button, the form is there.
        assert not toggle.is_visible() and form.is_visible()
        return
    assert toggle.inner_text().strip().startswith("Filtres (2)")  # the words and the place
    assert toggle.get_attribute("aria-expanded") == "false" and not form.is_visible()
    # The first result's title is on screen without scrolling.
    assert in_viewport(page, ".listing-card .listing-card-title")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-folded-phone.png"))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and form.is_visible()
    check_accessibility(page)
    toggle.click()
    assert not form.is_visible()


def test_results_pages_are_numbered(page, login, many_annonces, check_accessibility):
    login(VerifiedMemberFactory())
    page.goto(reverse("listings:list") + "?q=perceuse")
    pages = page.get_by_role("navigation", name="Pages de résultats")
    current = pages.locator("[aria-current=page]")
    assert current.inner_text().strip().endswith("1")
    pages.get_by_role("link", name="Page 3").click()
    page.locator(".pagination [aria-current=page]", has_text="3").wait_for()
    assert "page=3" in page.url and "q=perceuse" in page.url
    assert page.locator(".listing-card").count() == 5
    page.get_by_role("navigation", name="Pages de résultats").get_by_role("link", name="Précédente").click()
    page.locator(".pagination [aria-current=page]", has_text="2").wait_for()
    check_accessibility(page)


def test_without_javascript_the_filters_are_shown(browser, live_server, many_annonces):
    user = VerifiedMemberFactory()
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/comptes/login/")
        page.get_by_label("Courriel").fill(user.email)
        page.get_by_label("Mot de passe").fill("a-Strong-password-42")
        page.get_by_role("button", name="Connexion").click()
        page.goto(reverse("listings:list"))
        assert page.locator("#search-filters").is_visible()
        assert not page.locator("[data-filters-toggle]").is_visible()
        assert page.locator(".pagination a", has_text="2").count() == 1
    finally:
        context.close()
