"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Screenshots go to tests/screenshots/ (git-ignored) at a phone and a desktop width; look at them."""

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from . import axe

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if not shutil.which(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def page(browser, viewport_name, live_server):
    context = browser.new_context(viewport=VIEWPORTS[viewport_name], locale="fr-FR", base_url=live_server.url)
    # Nothing may be fetched from outside the site: any such request fails the test.
    outside = []
    context.route(
        lambda url: not url.startswith(live_server.url) and not url.startswith("data:"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    # A Content-Security-Policy violation, a missing file or a JavaScript error fails the test too.
    console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")  # reported with its URL below
            and console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and console_errors.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    context.close()
    assert outside == [], f"the page fetched resources from outside the site: {outside}"
    assert console_errors == [], f"errors in the browser console: {console_errors}"


@pytest.fixture
def shoot(page, viewport_name):
    """shoot("home") saves tests/screenshots/home-phone.png (full page)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str):
        path = SCREENSHOTS / f"{name}-{viewport_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form."""

    def do(user, password="a-Strong-password-42"):
        page.goto("/comptes/login/")
        page.get_by_label("Courriel").fill(user.email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Connexion").click()

    return do


@pytest.fixture
def photo_file(tmp_path):
    """A JPEG on disk for a file input: a drill-ish picture, 1200 × 900."""
    path = tmp_path / "perceuse.jpg"
    image = Image.new("RGB", (1200, 900), (11, 85, 99))
    for x in range(200, 1000, 40):
        image.paste((244, 185, 66), (x, 300, x + 20, 600))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def check_accessibility():
    """check_accessibility(page): axe-core on the current page, failing with every serious or critical
    WCAG 2.1 A/AA violation (rule, help, target nodes). One line per page in any browser test."""

    def check(page):
        violations = axe.serious_violations(page)
        assert violations == [], f"axe found serious or critical violations on {page.url}:\n{axe.describe(violations)}"

    return check


def open_search_filters(page):
    """On a phone the annonces' search form folds behind « Filtres (n) »: unfold it."""
    toggle = page.locator("[data-filters-toggle]")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def fill_booking_form(page, *, name: str, email: str, seats: str | None = None):
    """Fill the event's booking form as a visitor does, consent included; does not send it."""
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_label("Adresse e-mail").fill(email)
    if seats is not None:
        page.get_by_label("Nombre de places").select_option(seats)
    page.get_by_label("J'accepte que le Club utilise").check()


def wait_until(page, expression: str, timeout_s: float = 10):
    """Wait until a JavaScript expression is true. Playwright's wait_for_function compiles its
    predicate with eval, which the site's Content-Security-Policy forbids; page.evaluate is not
    subject to it, so poll with that."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(100)
