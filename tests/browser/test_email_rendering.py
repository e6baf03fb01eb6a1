"""Each HTML e-mail, from the real sending code with a realistic member's words, opened in Chromium
as a mail app would show it (no server: the HTML alone), at a phone and a desktop width, and in dark
mode. Nothing may be fetched (no remote image, font or stylesheet: the e-mail reads without any),
the main link is a button, and the screenshots go to tests/screenshots/emails/ (and /work/shots/emails/
when that folder exists) to be looked at."""

from pathlib import Path

import pytest

from tests.email_catalogue import every_email, html_of

from .conftest import SCREENSHOTS, VIEWPORTS

pytestmark = pytest.mark.django_db

FOLDERS = [SCREENSHOTS / "emails", Path("/work/shots/emails")]
# kind: the words on its button
BUTTONS = {
    "booking_confirmed": "Voir mon billet",
    "booking_waiting": "Voir mon inscription",
    "event_cancelled": "Voir l'agenda du Club",
    "exchange_requested": "Voir l'échange",
    "conversation_new_message": "Lire et répondre",
    "listing_hidden": "Voir mes annonces",
    "verification_verified": "Voir les annonces",
    "account_signup": "Confirmer mon adresse e-mail",
    "account_password_reset": "Choisir un nouveau mot de passe",
    "proposal_event": "Réserver ma place",
}
DARK = ["booking_confirmed", "exchange_accepted", "account_signup"]


def _shoot(browser, html: str, name: str, viewport: dict, color_scheme: str = "light"):
    context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=color_scheme)
    fetched = []
    context.route("**/*", lambda route: (fetched.append(route.request.url), route.abort()))
    page = context.new_page()
    page.set_content(html, wait_until="load")
    for folder in FOLDERS:
        if folder.parent.exists():
            folder.mkdir(exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    return context, page, fetched


def test_every_html_email_renders_alone_with_its_button(browser):
    emails = every_email()
    assert set(BUTTONS) <= set(emails)
    for kind, message in emails.items():
        html = html_of(message)
        assert "<img" not in html and "url(" not in html, f"{kind}: the e-mail must read without images"
        for size, viewport in VIEWPORTS.items():
            context, page, fetched = _shoot(browser, html, f"{kind}-{size}", viewport)
            try:
                assert fetched == [], f"{kind}: the e-mail fetched {fetched}"
                assert page.get_by_text("Le Club", exact=True).first.is_visible()
                if kind in BUTTONS:
                    button = page.get_by_role("link", name=BUTTONS[kind], exact=True)
                    assert button.is_visible(), f"{kind}: no « {BUTTONS[kind]} » button"
                    box = button.bounding_box()
                    assert box["height"] >= 40, f"{kind}: the button is too small to tap"
                # Nothing wider than the screen: a phone never scrolls sideways.
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], kind
            finally:
                context.close()
        if kind in DARK:
            context, page, fetched = _shoot(browser, html, f"{kind}-dark", VIEWPORTS["phone"], "dark")
            background = page.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor")
            context.close()
            assert fetched == []
            assert background != "rgb(255, 255, 255)", f"{kind}: the card stays white in dark mode"
