"""Staff in the admin: exchanges to look at, filter and search, never to rewrite; reported reviews
in the moderation queue; the categories' exchange unit and cover text."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exchanges import services
from exchanges.models import BlockedPeriod, Exchange, ExchangeStatus, Review, ReviewReport, TripSeats
from exchanges.reviews import review_report
from exchanges.tests.factories import ExchangeFactory, in_days, loan_listing, trip_listing
from listings.tests.factories import category
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "listing",
    "initiator",
    "provider",
    "receiver",
    "unit",
    "start",
    "end",
    "seats",
    "status",
    "handover_place",
    "handover_at",
    "handover_note",
    "decline_reason",
    "cancel_reason",
    "cancelled_by",
    "completed_by",
    "created_at",
    "accepted_at",
    "closed_at",
    "completed_at",
]


@pytest.fixture
def exchanges():
    drill = loan_listing(title="Perceuse à percussion")
    trip = trip_listing(title="Nantes → Rennes")
    return {
        "requested": ExchangeFactory(listing=drill),
        "accepted": ExchangeFactory(listing=trip, unit="seats", status=ExchangeStatus.ACCEPTED),
        "declined": ExchangeFactory(listing=drill, status=ExchangeStatus.DECLINED),
    }


def test_the_exchange_list_filters_by_state_category_and_month(staff_client, exchanges):
    url = reverse("admin:exchanges_exchange_changelist")
    page = staff_client.get(url).content.decode()
    assert all(exchange.number in page for exchange in exchanges.values())
    assert "Perceuse à percussion" in page and "Nantes → Rennes" in page
    page = staff_client.get(url, {"status__exact": "accepted"}).content.decode()
    assert exchanges["accepted"].number in page and exchanges["requested"].number not in page
    ride = category("covoiturage-gratuit")
    page = staff_client.get(url, {"listing__category__id__exact": ride.pk}).content.decode()
    assert exchanges["accepted"].number in page and exchanges["declined"].number not in page
    start = timezone.localtime(exchanges["requested"].start)
    month = staff_client.get(url, {"start__year": start.year, "start__month": start.month})
    assert month.status_code == 200 and exchanges["requested"].number in month.content.decode()


@pytest.mark.parametrize(
    "term",
    [
        lambda e: e.number,
        lambda e: str(e.pk),
        lambda e: "Perceuse",
        lambda e: e.initiator.email,
    ],
    ids=["number", "id", "title", "member e-mail"],
)
def test_the_exchange_list_searches(staff_client, exchanges, term):
    wanted = exchanges["requested"]
    page = staff_client.get(reverse("admin:exchanges_exchange_changelist"), {"q": term(wanted)}).content.decode()
    assert wanted.number in page
    if not term(wanted).isdigit():  # a bare id also finds e-mails like person12@…
        assert exchanges["accepted"].number not in page


def test_no_field_owned_by_the_services_can_be_edited(staff_client, exchanges):
    exchange = exchanges["accepted"]
    url = reverse("admin:exchanges_exchange_change", args=[exchange.pk])
    page = staff_client.get(url).content.decode()
    assert exchange.number in page
    for name in SERVICE_FIELDS:
        assert f'name="{name}"' not in page, name
    # Posting the form changes nothing.
    staff_client.post(url, {"status": "completed", "seats": 3})
    exchange.refresh_from_db()
    assert (exchange.status, exchange.seats) == (ExchangeStatus.ACCEPTED, 1)
    assert staff_client.get(reverse("admin:exchanges_exchange_add")).status_code == 403
    assert staff_client.post(reverse("admin:exchanges_exchange_delete", args=[exchange.pk])).status_code == 403
    assert Exchange.objects.filter(pk=exchange.pk).exists()


def test_staff_expire_stale_requests_through_the_service(
    staff_client, exchanges, mailoutbox, django_capture_on_commit_callbacks
):
    stale = ExchangeFactory(created_at=timezone.now() - dt.timedelta(days=30))
    url = reverse("admin:exchanges_exchange_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"action": "expire_stale_requests", "_selected_action": [stale.pk]}, follow=True
        )
    assert "1 demande expirée" in response.content.decode()
    stale.refresh_from_db()
    exchanges["requested"].refresh_from_db()
    assert stale.status == ExchangeStatus.EXPIRED and stale.closed_at is not None
    assert exchanges["requested"].status == ExchangeStatus.REQUESTED  # still within its time
    assert [m.to for m in mailoutbox] == [[stale.initiator.email]]


def test_seats_and_blocked_days_are_shown_read_only(staff_client):
    trip = trip_listing(seats=3)
    services.exchange_accept(
        exchange=services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=2, message="Salut"),
        by=trip.author,
    )
    drill = loan_listing()
    period = services.blocked_period_add(listing=drill, by=drill.author, first_day=in_days(3), last_day=in_days(5))
    page = staff_client.get(reverse("admin:exchanges_tripseats_changelist")).content.decode()
    assert trip.title in page
    page = staff_client.get(reverse("admin:exchanges_tripseats_change", args=[trip.pk])).content.decode()
    assert 'name="taken"' not in page and 'name="total"' not in page
    assert staff_client.get(reverse("admin:exchanges_tripseats_add")).status_code == 403
    assert drill.title in staff_client.get(reverse("admin:exchanges_blockedperiod_changelist")).content.decode()
    page = staff_client.get(reverse("admin:exchanges_blockedperiod_change", args=[period.pk])).content.decode()
    assert 'name="first_day"' not in page
    assert staff_client.post(reverse("admin:exchanges_blockedperiod_delete", args=[period.pk])).status_code == 403
    assert TripSeats.objects.get(pk=trip.pk).taken == 2 and BlockedPeriod.objects.count() == 1


@pytest.fixture
def reported_review():
    exchange = ExchangeFactory(status=ExchangeStatus.COMPLETED, completed_at=timezone.now() - dt.timedelta(days=20))
    # Completed 20 days ago: its reviews are revealed (14 days), so they can be reported.
    review = Review.objects.create(
        exchange=exchange,
        author=exchange.receiver,
        subject=exchange.provider,
        rating=1,
        text="Propos <injurieux> & faux",
        created_at=exchange.completed_at,
    )
    review_report(review=review, reporter=VerifiedMemberFactory(), text="Insultant")
    return review


def test_reviews_and_their_reports_are_shown_read_only(staff_client, reported_review):
    page = staff_client.get(reverse("admin:exchanges_review_changelist")).content.decode()
    assert "Propos &lt;injurieux&gt; &amp; faux" in page and "Propos <injurieux>" not in page
    page = staff_client.get(reverse("admin:exchanges_review_change", args=[reported_review.pk])).content.decode()
    assert "Insultant" in page and "Propos &lt;injurieux&gt; &amp; faux" in page
    for name in ("rating", "text", "hidden"):
        assert f'name="{name}"' not in page
    assert staff_client.get(reverse("admin:exchanges_review_add")).status_code == 403


@pytest.mark.parametrize(
    ("action", "hidden", "status"), [("hide_reviews", True, "actioned"), ("dismiss", False, "dismissed")]
)
def test_the_moderation_queue_decides_on_review_reports(staff_client, staff, reported_review, action, hidden, status):
    url = reverse("admin:exchanges_reviewreport_changelist")
    page = staff_client.get(url, {"status__exact": "open"}).content.decode()
    assert "Signalements d" in page and "Insultant" in page
    ids = list(ReviewReport.objects.values_list("pk", flat=True))
    staff_client.post(url, {"action": action, "_selected_action": ids})
    report = ReviewReport.objects.get()
    assert (report.status, report.decided_by) == (status, staff)
    assert Review.objects.get().hidden is hidden
    page = staff_client.get(reverse("admin:exchanges_reviewreport_change", args=[report.pk])).content.decode()
    assert 'name="status"' not in page and 'name="text"' not in page


def test_staff_edit_a_categorys_exchange_unit_and_cover(staff_client):
    loans = category("pret-objets")
    url = reverse("admin:listings_category_change", args=[loans.pk])
    page = staff_client.get(url).content.decode()
    for name in ("exchange_unit", "cover_text_fr", "cover_text_en", "cover_url"):
        assert f'name="{name}"' in page
    assert "couverture de la mutuelle" in page.lower()
    data = {
        "name_fr": loans.name_fr,
        "name_en": loans.name_en,
        "slug": loans.slug,
        "family": loans.family,
        "schema": loans.schema,
        "position": loans.position,
        "is_active": "on",
        "exchange_unit": "days",
        "cover_text_fr": "Couvert par la responsabilité civile, franchise de 150 €.",
        "cover_text_en": "",
        "cover_url": "https://mutuelle.example/garanties/pret",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    loans.refresh_from_db()
    assert loans.cover_text.endswith("franchise de 150 €.") and loans.cover_url.endswith("/pret")
    assert "Une période de jours" in staff_client.get(reverse("admin:listings_category_changelist")).content.decode()
