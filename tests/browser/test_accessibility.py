"""Accessibility in a real browser, at phone and desktop widths: axe-core (WCAG 2.1 A/AA) on every
page that exists, labels, visible focus, the skip link with the keyboard alone, languages and
contrast. Each page is also photographed in tests/screenshots/ to be looked at."""

import pytest

from . import axe

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = {
    "home": "/",
    "home-en": "/en/",
    "login": "/comptes/login/",
    "signup": "/comptes/signup/",
    "password-reset": "/comptes/password/reset/",
    "not-found": "/cette-page-n-existe-pas/",
}
MEMBER_PAGES = {
    "verification": "/compte/verification/",
    "account": "/compte/",
    "profile": "/compte/profil/",
    "delete-account": "/compte/supprimer/",
}
ANONYMOUS_FORMS = ["/comptes/login/", "/comptes/signup/", "/comptes/password/reset/"]
MEMBER_FORMS = ["/compte/verification/", "/compte/profil/", "/compte/supprimer/"]


@pytest.fixture
def as_member(page, member, login):
    """The page, logged in as an account that is not yet a verified sociétaire."""
    login(member)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    return page


def post_bad_verification(page):
    page.goto("/compte/verification/")
    page.get_by_label("Numéro de sociétaire").fill("??")
    page.get_by_label("Code postal").fill("123")
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier").click()


def test_the_check_fails_on_a_real_violation(page, check_accessibility):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text id=bad>')")
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page)
    assert "[critical] label: Form elements must have labels" in str(failure.value)
    assert "#bad" in str(failure.value)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_serious_violation(page, shoot, check_accessibility, name):
    page.goto(PUBLIC_PAGES[name])
    shoot(name)
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_have_no_serious_violation(as_member, shoot, check_accessibility, name):
    as_member.goto(MEMBER_PAGES[name])
    shoot(name)
    check_accessibility(as_member)
    assert as_member.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"


def test_a_form_with_errors_is_accessible_and_says_what_is_wrong(as_member, shoot, check_accessibility):
    post_bad_verification(as_member)
    shoot("verification-errors")
    check_accessibility(as_member)
    number = as_member.get_by_label("Numéro de sociétaire")
    assert number.get_attribute("aria-invalid") == "true"
    assert number.evaluate("el => el === document.activeElement"), "focus is on the first field to correct"
    # The error is announced with the field, not only shown next to it.
    assert "lettres et des chiffres" in number.evaluate(
        "el => (el.getAttribute('aria-describedby') || '').split(' ')"
        ".map(id => document.getElementById(id)?.textContent || '').join(' ')"
    )
    assert as_member.get_by_label("Nom de famille").get_attribute("aria-invalid") == "true"


LABEL_OF = """el => {
  const texts = [...(el.labels || [])].map(label => label.textContent);
  for (const id of (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)) {
    texts.push(document.getElementById(id)?.textContent || '');
  }
  texts.push(el.getAttribute('aria-label') || '');
  return texts.join(' ').trim();
}"""
CONTROLS = "input:not([type=hidden]):not([type=submit]), select, textarea"


def unlabelled_controls(page):
    return [
        control.evaluate("el => el.outerHTML")
        for control in page.locator(CONTROLS).all()
        if not control.evaluate(LABEL_OF)
    ]


def test_every_form_control_has_a_label(as_member):
    for path in MEMBER_FORMS:
        as_member.goto(path)
        assert as_member.locator(CONTROLS).count() > 0, path
        assert unlabelled_controls(as_member) == [], path
    post_bad_verification(as_member)
    assert unlabelled_controls(as_member) == []


def test_anonymous_forms_have_labels(page):
    for path in ANONYMOUS_FORMS:
        page.goto(path)
        assert page.locator(CONTROLS).count() > 0, path
        assert unlabelled_controls(page) == [], path


FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {tag: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 40),
          visible: outline || style.boxShadow !== 'none'};
}"""


def test_focus_is_visible_on_links_and_buttons(page):
    page.goto("/comptes/login/")
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if focused["tag"] == "body":
            break
        assert focused["visible"], f"no visible focus on {focused}"
        seen.add(focused["tag"])
    assert {"a", "button", "input"} <= seen


def test_the_keyboard_alone_can_use_the_skip_link(page, shoot):
    page.goto("/")
    skip = page.get_by_role("link", name="Aller au contenu")
    hidden = skip.bounding_box()
    assert hidden["y"] + hidden["height"] < -8, "out of sight, shadow included, until it is focused"
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= 44, "the focused skip link is on screen, easy to hit"
    shoot("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_menu_opens_and_closes_with_the_keyboard(page, viewport_name, shoot):
    page.goto("/")
    agenda = page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Agenda")
    toggle = page.get_by_role("button", name="Menu")
    if viewport_name == "desktop":
        assert agenda.is_visible() and not toggle.is_visible()
        return
    assert not agenda.is_visible(), "the navigation is folded on a phone"
    assert page.evaluate("document.querySelector('.site-header').offsetHeight") <= 72, "a one-line header"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert agenda.is_visible()
    box = agenda.bounding_box()
    assert box["height"] >= 44, "a touch target of at least 44 px"
    shoot("home-menu-open")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")
    assert not agenda.is_visible()


def test_language_attributes_in_french_and_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="English").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Français").get_attribute("lang") == "fr"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Français").get_attribute("lang") == "fr"
    # An English page speaks English: a screen reader would read French words with an English voice.
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert page.get_by_role("heading", level=1).inner_text().startswith("A venue open to everyone")
    assert page.get_by_role("contentinfo").get_by_text("Language").is_visible()


@pytest.mark.parametrize("path", ["/", "/en/", "/comptes/login/", "/cette-page-n-existe-pas/"])
def test_colour_contrast_passes(page, path):
    page.goto(path)
    violations = axe.run(page, rules=["color-contrast"])["violations"]
    assert violations == [], axe.describe(violations)


def test_colour_contrast_of_errors_and_messages(as_member):
    post_bad_verification(as_member)
    violations = axe.run(as_member, rules=["color-contrast"])["violations"]
    assert violations == [], axe.describe(violations)
