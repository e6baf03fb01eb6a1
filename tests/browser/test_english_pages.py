"""The venue page, the agenda and an annonce form with its category's fields, in English, at phone
and desktop widths: screenshots (tests/screenshots/english-*), axe, and no French on them."""

import pytest

from tests.french_text import french_on_page
from tests.test_english_pages import english_site, member_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_english_venue_agenda_and_annonce_form(page, shoot, login, verified_member, member_data, check_accessibility):  # noqa: F811
    for url, name in [("/en/lieu/", "english-venue"), ("/en/agenda/", "english-agenda")]:
        page.goto(url)
        assert french_on_page(page.content()) == [], url
        check_accessibility(page)
        shoot(name)
    login(verified_member)
    page.goto("/en/annonces/nouvelle/covoiturage-gratuit/")
    assert page.get_by_label("Departure", exact=True).is_visible()
    assert french_on_page(page.content()) == []
    check_accessibility(page)
    shoot("english-annonce-form")
