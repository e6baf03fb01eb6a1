"""The dashboard page: staff only, the period form, the CSV downloads, a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import ProposalSupport
from community.tests.factories import GroupFactory, MembershipFactory, PostFactory, ProposalFactory
from events.models import BookingStatus
from events.tests.factories import EventFactory
from insights.models import SearchLog
from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, VerifiedMemberFactory
from venue.models import PartnerOffer
from venue.services import partner_offers_seen
from venue.tests.factories import PartnerFactory

from .conftest import TODAY, at, booking, conversation, made_at

URL = reverse("insights_dashboard")
NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_anonymous_visitors_get_the_admin_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_members_get_the_admin_login_not_the_figures(verified_client):
    response = verified_client.get(URL, NOVEMBER)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert verified_client.get(URL + "?csv=members-by-month").status_code == 302


def test_the_admin_index_links_to_it(staff_client):
    assert URL in staff_client.get(reverse("admin:index")).content.decode()


def test_staff_see_the_figures_with_their_tables(client, known_data, travel):
    client.force_login(known_data["staff"])
    page = client.get(URL, NOVEMBER).content.decode()
    assert "Du 1 novembre 2026 au 30 novembre 2026 (30 jours)" in page
    assert "comparé au 2 octobre 2026 – 31 octobre 2026" in page
    assert "<caption>Annonces par département</caption>" in page
    assert '<th scope="row">974</th>' in page
    assert 'id="chart-listings-by-department" type="application/json"' in page
    assert "<script>" not in page  # data only, no inline script (the CSP)
    assert "?date_from=2026-11-01&amp;date_to=2026-11-30&amp;csv=listings-by-department" in page


def test_the_default_period_is_the_last_thirty_days(staff_client, travel):
    page = staff_client.get(URL).content.decode()
    assert "Du 3 novembre 2026 au 2 décembre 2026 (30 jours)" in page


def test_a_period_ending_before_it_starts_is_an_error_by_the_field(staff_client, travel):
    response = staff_client.get(URL, {"date_from": "2026-11-30", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert 'id="id_date_to-error"' in response.content.decode()
    assert "La fin de la période doit suivre son début." in response.content.decode()


def test_each_table_downloads_as_csv(client, known_data, travel):
    client.force_login(known_data["staff"])
    response = client.get(URL, {**NOVEMBER, "csv": "events-by-type"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="events-by-type_2026-11-01_2026-11-30.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Type;Réservations confirmées;Arrivées")
    assert lines[1:] == ["Débat;2;1;50.0;1;0;0", "Atelier;1;0;0.0;1;1;3"]


def test_an_unknown_csv_is_not_found(staff_client):
    assert staff_client.get(URL, {"csv": "nothing"}).status_code == 404


def test_a_formula_in_a_search_word_stays_text_in_the_csv(staff_client, travel):
    SearchLog.objects.create(words="=cmd", found=0, at=TODAY)
    lines = staff_client.get(URL, {"csv": "search-empty"}).content.decode("utf-8-sig").splitlines()
    assert lines[1] == "'=cmd;1"


def _more_data(n):
    """n more of everything in November."""
    for i in range(n):
        author = made_at(at(3 + i), VerifiedMemberFactory)
        other = made_at(at(3 + i), VerifiedMemberFactory)
        listing = made_at(at(4 + i), ListingFactory, author=author, postcode=f"{13 + i}100")
        conversation(listing, other, at(5 + i), at(5 + i, hour=18))
        event = EventFactory(starts_at=at(10 + i, hour=18))
        booking(event, other, 1, BookingStatus.CONFIRMED, at(6 + i))
        SearchLog.objects.create(words=f"mot{i} velo", found=i, at=at(7 + i))
        group = made_at(at(3 + i), GroupFactory, founder=author)
        made_at(at(4 + i), MembershipFactory, group=group, user=other)
        made_at(at(5 + i), PostFactory, group=group, author=other)
        proposal = made_at(at(6 + i), ProposalFactory, proposer=author, support_count=1)
        made_at(at(7 + i), ProposalSupport.objects.create, proposal=proposal, user=other)
        offer = PartnerOffer.objects.create(partner=PartnerFactory(), guid=f"offre-{i}", title="Offre")
        partner_offers_seen(offers=[offer], day=dt.date(2026, 11, 8 + i))


def _count_queries(client):
    cache.clear()  # the figures, not the page's cache of a few minutes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, NOVEMBER).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(client, known_data, travel):
    client.force_login(StaffFactory())
    before = _count_queries(client)
    _more_data(4)
    assert _count_queries(client) == before


def test_the_figures_take_a_fixed_number_of_queries(known_data, django_assert_num_queries, travel):
    from insights.period import Period
    from insights.selectors import dashboard_blocks

    # PostgreSQL: the members and the annonces each read where the daily aggregates end (rolled_up_through).
    with django_assert_num_queries(28):
        dashboard_blocks(Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))


def test_the_figures_are_kept_a_few_minutes_and_the_page_says_when(client, known_data, travel):
    client.force_login(known_data["staff"])
    assert "Chiffres calculés à 10:00" in client.get(URL, NOVEMBER).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, NOVEMBER).content.decode()
    assert len(queries) <= 3  # the session and the user: no figure computed again
    assert "Chiffres calculés à 10:00" in page
    assert '<th scope="row">Jardiniers</th>' in page


def test_a_csv_download_computes_its_own_block_only(staff_client, travel, django_assert_max_num_queries):
    with django_assert_max_num_queries(3 + 3):  # the session and the user, the search block's three
        assert staff_client.get(URL, {"csv": "search-words"}).status_code == 200
