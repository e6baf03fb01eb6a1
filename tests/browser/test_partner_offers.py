"""A member browses the partners' offers, finds one among the annonce search results, and staff
see a feed's error on the partner in the admin. Screenshots at phone and desktop widths."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.tests.factories import StaffFactory, VerifiedMemberFactory
from venue.demo import seed_venue
from venue.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_partners():
    seed_venue()  # the demo partners, their logos and their shipped feeds


def test_a_member_browses_the_partners_offers(page, login, shoot, check_accessibility, demo_partners):
    login(VerifiedMemberFactory())
    page.goto("/partenaires/offres/")
    expect(page.get_by_role("heading", name="Offres de nos partenaires")).to_be_visible()
    expect(page.get_by_role("heading", name="Panier de légumes de saison (5 kg)")).to_be_visible()
    link = page.get_by_role("link", name="Voir sur le site de La Ruche de Belleville").first
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")
    check_accessibility(page)
    shoot("partner-offers")
    page.get_by_label("Partenaire", exact=True).select_option(label="Repair Café Paris 11")
    page.get_by_label("Type d'offre", exact=True).select_option(label="Atelier")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator(".offer-card")).to_have_count(2)
    shoot("partner-offers-filtered")


def test_the_annonce_search_shows_partner_offers_apart(page, login, shoot, check_accessibility, demo_partners):
    login(VerifiedMemberFactory())
    page.goto("/annonces/?q=fromages")
    block = page.locator(".partner-offers-block")
    expect(block.get_by_role("heading", name="Chez nos partenaires")).to_be_visible()
    expect(block.get_by_role("link", name="Plateau de fromages fermiers")).to_be_visible()
    check_accessibility(page)
    shoot("partner-offers-search")


def test_staff_see_a_feed_error_on_the_partner(page, login, shoot, demo_partners):
    partner = Partner.objects.get(slug="bibliotheque-d-objets")
    Partner.objects.filter(pk=partner.pk).update(
        feed_url="https://bibliotheque-objets.example.org/offres.xml",
        feed_checked_at=timezone.now(),
        feed_error="Site du partenaire injoignable : [Errno 111] Connection refused",
        feed_error_at=timezone.now(),
    )
    login(StaffFactory())
    page.goto(f"/admin/venue/partner/{partner.pk}/change/")
    expect(page.get_by_text("Connection refused")).to_be_visible()
    shoot("partner-admin")
    page.goto("/admin/venue/partner/")
    shoot("partner-admin-list")
