"""The site's looks: the wordmark and the self-hosted font everywhere, category drawings on annonces
without photo, the demo's pictures; the event admin refusing a closed day and the venue page
showing an exceptional opening."""

import datetime as dt

import pytest
from django.utils import timezone

from events.tests.factories import EventTypeFactory
from listings.demo import seed_listings
from listings.models import Listing
from listings.tests.factories import ensure_categories
from members.demo import DEMO_PASSWORD, seed_members
from members.models import User
from members.tests.factories import StaffFactory
from tests.browser.conftest import wait_until
from venue.demo import seed_venue

pytestmark = pytest.mark.django_db(transaction=True)


def load_images(page):
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    wait_until(page, "[...document.images].every((img) => img.complete && img.naturalWidth > 0)")


def font_is_inter(page) -> bool:
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate(
        "[...document.fonts].some((f) => f.family.replace(/\"/g, '') === 'Inter' && f.status === 'loaded')"
    )


def test_annonces_cards_detail_and_home_look_right(page, login, shoot, check_accessibility):
    ensure_categories()
    seed_members()
    seed_listings()
    login(User.objects.get(email="membre@club.example"), password=DEMO_PASSWORD)
    page.goto("/annonces/")
    load_images(page)
    brand = page.get_by_role("link", name="Le Club").first
    assert brand.locator("img").get_attribute("src").endswith("img/logo.svg")
    assert font_is_inter(page)
    cards = page.locator(".listing-card")
    assert cards.count() == 20
    # Every card has a picture: a photo, or the drawing of its category; never a letter.
    assert page.locator(".listing-card-photo img").count() == 20
    drawings = page.locator(".listing-card-photo img[src*='/img/categories/']")
    assert 0 < drawings.count() < 10
    titles = page.locator(".listing-card-title").all_inner_texts()
    assert len(set(titles)) == 20
    shoot("looks-annonces")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    without_photo = Listing.objects.filter(photos__isnull=True).order_by("-published_at").first()
    page.goto(without_photo.get_absolute_url())
    load_images(page)
    assert page.locator(f".gallery-illustration img[src*='/img/categories/{without_photo.category.slug}']").count() == 1
    shoot("looks-detail-drawing")
    check_accessibility(page)
    with_photo = Listing.objects.filter(photos__isnull=False).order_by("-published_at").first()
    page.goto(with_photo.get_absolute_url())
    load_images(page)
    shoot("looks-detail-photo")

    page.goto("/")
    load_images(page)
    assert font_is_inter(page)
    shoot("looks-home")
    check_accessibility(page)


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def test_admin_refuses_a_closed_day_and_the_venue_page_shows_an_exceptional_opening(page, login, shoot):
    seed_venue()  # closed on Mondays
    EventTypeFactory(name="Concert", slug="concert")
    staff = StaffFactory()
    login(staff)
    monday = _next_monday().strftime("%d/%m/%Y")
    page.goto("/admin/events/event/add/")
    page.locator("#id_title_fr").fill("Concert de la chorale")
    page.locator("#id_type").select_option(label="Concert")
    page.locator("#id_summary_fr").fill("La chorale du quartier chante Noël.")
    for field, time in (("starts_at", "18:30:00"), ("ends_at", "20:30:00")):
        page.locator(f"#id_{field}_0").fill(monday)
        page.locator(f"#id_{field}_1").fill(time)
    page.locator("#id_booking_mode").select_option("free")
    page.locator("#id_capacity").fill("0")
    page.locator("input[name=_save]").click()
    error = page.locator(".errorlist", has_text="est fermé le lundi")
    error.wait_for()
    assert "Ouverture exceptionnelle" in error.inner_text()
    error.scroll_into_view_if_needed()
    shoot("looks-admin-closed-day")

    page.get_by_label("Ouverture exceptionnelle").check()
    page.locator("input[name=_save]").click()
    page.locator(".messagelist", has_text="Ouverture exceptionnelle le lundi").wait_for()
    page.goto("/lieu/")
    item = page.locator(".exceptions li", has_text="Ouverture exceptionnelle : Concert de la chorale")
    assert "18:30–20:30" in item.inner_text()
    item.scroll_into_view_if_needed()
    shoot("looks-venue-exceptional")
