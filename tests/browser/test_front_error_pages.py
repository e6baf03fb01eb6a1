"""The pages nginx shows on its own (deploy/nginx/club.conf.template's error_page): a too-large
upload (413) and gunicorn unreachable (502-504). Plain files in static/errors/, looked at here as
the visitor sees them; tests/test_nginx.py checks that nginx really answers the 413 one."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("name", "heading"),
    [("413", "Envoi trop volumineux"), ("50x", "Le site est momentanément indisponible")],
)
def test_the_fronts_own_error_pages_are_readable(page, shoot, check_accessibility, name, heading):
    page.goto(f"/static/errors/{name}.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("link", name="Accueil du Club").get_attribute("href") == "/"
    check_accessibility(page)
    shoot(f"front-error-{name}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
