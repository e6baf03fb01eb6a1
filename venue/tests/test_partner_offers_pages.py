"""« Offres de nos partenaires », the block on the annonce search, the API, the admin and the demo:
members only, filtered, marked as a partner's, with a link out."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from members.tests.factories import UserFactory, VerifiedMemberFactory
from venue import services
from venue.demo import _logo, seed_partner_offers
from venue.models import Partner, PartnerOffer

from .conftest import FEEDS
from .factories import PartnerFactory

pytestmark = pytest.mark.django_db

OFFERS_URL = reverse("venue:partner_offers")


@pytest.fixture
def amap():
    partner = PartnerFactory(name="AMAP du Canal", slug="amap-du-canal")
    partner.logo.save("amap.png", ContentFile(_logo("AMAP du Canal", "#2e7d5b")), save=True)
    services.partner_offers_import(partner=partner, content=(FEEDS / "good.xml").read_bytes())
    return partner


@pytest.fixture
def covoit():
    partner = PartnerFactory(name="Covoit' du quartier", slug="covoit")
    services.partner_offers_import(partner=partner, content=(FEEDS / "hostile.xml").read_bytes())
    return partner


def titles(response) -> list[str]:
    return re.findall(r'<h2 class="offer-title">(.*?)</h2>', response.content.decode())


def test_anonymous_and_unverified_people_do_not_see_the_offers(client, amap):
    response = client.get(OFFERS_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())
    response = client.get(OFFERS_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("members:verification"))


def test_a_member_sees_the_offers_with_the_partner_and_a_link_out(verified_client, amap):
    response = verified_client.get(OFFERS_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Panier de légumes d&#x27;hiver" in titles(response)
    assert "AMAP du Canal" in page
    assert 'class="offer-logo"' in page  # the partner's logo, served by the club
    link = re.search(r'<a class="btn[^"]*" href="https://amap-canal.example.org/paniers/hiver"([^>]*)>', page)
    assert link and 'rel="noopener noreferrer"' in link.group(1) and 'target="_blank"' in link.group(1)
    assert "Voir sur le site de AMAP du Canal" in page


def test_the_hostile_offer_shows_without_script_or_style(verified_client, covoit):
    page = verified_client.get(OFFERS_URL).content.decode()
    start = page.index('<ul class="offer-cards">')
    cards = page[start : page.index("</ul>", start)]
    assert "Départ <strong>samedi</strong>" in cards
    for forbidden in ["<script", "onclick", "style=", '<img src="https://', "javascript:"]:
        assert forbidden not in cards


def test_offers_filter_by_partner_and_by_kind(verified_client, amap, covoit):
    assert len(titles(verified_client.get(OFFERS_URL))) == 5
    by_partner = titles(verified_client.get(OFFERS_URL, {"partner": "covoit"}))
    assert by_partner == ["Trajet Paris–Lille", "Lien piégé"]  # newest first
    assert titles(verified_client.get(OFFERS_URL, {"kind": "epicerie"})) == ["Confitures de la ferme"]
    assert titles(verified_client.get(OFFERS_URL, {"q": "confitures"})) == ["Confitures de la ferme"]
    # An unknown partner or kind is an error by the field, not a 500 nor the whole list.
    response = verified_client.get(OFFERS_URL, {"kind": "inconnu"})
    assert response.status_code == 200 and titles(response) == []
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_an_inactive_partners_offers_are_hidden(verified_client, amap):
    Partner.objects.filter(pk=amap.pk).update(is_active=False)
    assert titles(verified_client.get(OFFERS_URL)) == []


def test_the_annonce_search_shows_matching_partner_offers_apart(verified_client, amap):
    response = verified_client.get(reverse("listings:list"), {"q": "confitures"})
    page = response.content.decode()
    assert "Chez nos partenaires" in page
    block = page[page.index("partner-offers-block") :]
    assert "Confitures de la ferme" in block and "Offre partenaire" in block and "AMAP du Canal" in block
    link = 'href="https://amap-canal.example.org/epicerie/confitures" rel="noopener noreferrer" target="_blank"'
    assert link in block
    assert "Panier de légumes" not in block
    # The same block comes with the results the search form swaps in (htmx).
    swapped = verified_client.get(reverse("listings:list"), {"q": "confitures"}, HTTP_HX_REQUEST="true")
    assert "Chez nos partenaires" in swapped.content.decode()


def test_the_annonce_search_shows_no_block_without_a_match(verified_client, amap):
    search = reverse("listings:list")
    assert "Chez nos partenaires" not in verified_client.get(search, {"q": "perceuse"}).content.decode()
    assert "Chez nos partenaires" not in verified_client.get(search).content.decode()


def test_the_api_is_for_verified_members_and_filters(amap, covoit):
    api = APIClient()
    assert api.get("/api/v1/partner-offers/").status_code == 401
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/partner-offers/").status_code == 403
    api.force_authenticate(VerifiedMemberFactory())
    data = api.get("/api/v1/partner-offers/", {"partner": "amap-du-canal", "kind": "panier"}).json()
    assert [offer["title"] for offer in data["results"]] == ["Panier de légumes d'hiver"]
    offer = data["results"][0]
    assert offer["partner"]["name"] == "AMAP du Canal" and offer["partner"]["logo"].startswith("http://testserver/")
    assert offer["link"] == "https://amap-canal.example.org/paniers/hiver"
    hostile = api.get("/api/v1/partner-offers/", {"partner": "covoit"}).json()["results"]
    assert all("<script" not in item["summary_html"] and "style=" not in item["summary_html"] for item in hostile)
    assert api.get("/api/v1/partner-offers/", {"kind": "inconnu"}).status_code == 400


def test_the_admin_queues_an_import_on_demand_and_shows_the_feed_error(
    staff_client, feed_server, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name="Flux cassé", feed_url=f"{feed_server.url}/malformed.xml")
    good = PartnerFactory(name="Flux bon", feed_url=f"{feed_server.url}/good.xml")
    PartnerFactory(name="Sans flux", feed_url="")
    with django_capture_on_commit_callbacks() as queued:
        response = staff_client.post(
            reverse("admin:venue_partner_changelist"),
            {"action": "import_now", "_selected_action": [partner.pk, good.pk]},
            follow=True,
        )
    # Nothing fetched inside the request: the imports wait for the worker.
    assert "Import lancé pour 2 flux" in response.content.decode()
    assert good.offers.count() == 0 and len(queued) == 2
    for send in queued:
        send()  # the worker's turn (tasks run inline in the tests)
    assert good.offers.count() == 3
    page = staff_client.get(reverse("admin:venue_partner_change", args=[partner.pk])).content.decode()
    assert "Flux illisible" in page and "en erreur" in page


def test_changing_the_feed_url_in_the_admin_forgets_the_old_validators(staff_client):
    partner = PartnerFactory(feed_url="https://a.example.org/feed", feed_etag='"old"', feed_modified="yesterday")
    data = {
        "name": partner.name,
        "slug": partner.slug,
        "url": partner.url,
        "description": partner.description,
        "is_active": "on",
        "feed_url": "https://b.example.org/feed",
    }
    response = staff_client.post(reverse("admin:venue_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.feed_url == "https://b.example.org/feed" and partner.feed_etag == "" and partner.feed_modified == ""


def test_the_admin_refuses_a_feed_url_that_is_not_http(staff_client):
    partner = PartnerFactory()
    data = {"name": partner.name, "slug": partner.slug, "is_active": "on", "feed_url": "file:///etc/passwd"}
    response = staff_client.post(reverse("admin:venue_partner_change", args=[partner.pk]), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    partner.refresh_from_db()
    assert partner.feed_url == ""


def test_the_demo_imports_its_shipped_feeds_through_the_parser():
    from venue.demo import seed_venue

    seed_venue()
    assert seed_partner_offers() == 2  # again: idempotent
    by_partner = {p.slug: p.offers.count() for p in Partner.objects.all()}
    assert by_partner["la-ruche-de-belleville"] == 4 and by_partner["repair-cafe-paris-11"] == 3
    assert PartnerOffer.objects.count() == 7
    assert not Partner.objects.exclude(feed_url="").exists()  # nothing for the beat to fetch


def test_published_dates_are_shown_in_french(verified_client, amap):
    PartnerOffer.objects.filter(guid="amap-1").update(published_at=dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC))
    assert "Publiée le 30 novembre 2026" in verified_client.get(OFFERS_URL).content.decode()


def test_punctuation_alone_brings_no_partner_block(verified_client, amap):
    page = verified_client.get(reverse("listings:list"), {"q": "!!! ??"}).content.decode()
    assert "Chez nos partenaires" not in page


def test_the_offers_shown_are_counted_per_partner_and_day_without_the_member(amap, covoit):
    from venue.models import PartnerOfferViews

    member = VerifiedMemberFactory()
    client = APIClient()
    client.force_login(member)
    assert client.get(OFFERS_URL).status_code == 200
    assert client.get("/api/v1/partner-offers/", {"partner": "amap-du-canal"}).status_code == 200
    shown = {row.partner: (row.pages, row.offers) for row in PartnerOfferViews.objects.all()}
    amap_offers, covoit_offers = amap.offers.count(), covoit.offers.count()
    assert shown == {amap: (2, 2 * amap_offers), covoit: (1, covoit_offers)}
    fields = {field.name for field in PartnerOfferViews._meta.get_fields()}
    assert fields == {"id", "day", "partner", "pages", "offers"}  # nobody's name, nor the time


def test_two_pages_at_once_never_lose_a_count(amap):
    from venue.models import PartnerOfferViews

    day = dt.date(2026, 11, 5)
    offers = list(amap.offers.all())
    services.partner_offers_seen(offers=offers, day=day)
    services.partner_offers_seen(offers=offers[:1], day=day)
    row = PartnerOfferViews.objects.get()
    assert (row.day, row.pages, row.offers) == (day, 2, len(offers) + 1)


def test_the_offers_page_shown_to_anonymous_visitors_counts_nothing(client, amap):
    from venue.models import PartnerOfferViews

    assert client.get(OFFERS_URL).status_code == 302
    assert not PartnerOfferViews.objects.exists()
