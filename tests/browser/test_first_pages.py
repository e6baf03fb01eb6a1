import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_presents_both_faces_of_the_club(page, shoot, viewport_name):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Un lieu ouvert à tous")
    assert page.get_by_role("heading", name="Le lieu, pour tout le monde").is_visible()
    assert page.get_by_role("heading", name="Les annonces, entre sociétaires").is_visible()
    if viewport_name == "phone":  # the navigation is folded behind the « Menu » button
        page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Agenda").first.is_visible()
    shoot("home")
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_login_page_in_the_site_layout(page, shoot):
    page.goto("/comptes/login/")
    assert page.get_by_role("heading", name="Bon retour au Club").is_visible()
    assert page.get_by_label("Courriel").is_visible()
    assert page.get_by_label("Mot de passe").is_visible()
    shoot("login")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
