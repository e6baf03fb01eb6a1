"""The admin keeps the rules: each test makes the write that used to go wrong, through the admin
as staff do it, and checks that the service's rule held."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.admin import EventAdminForm
from events.tests.factories import EventFactory, EventTypeFactory
from events.tests.test_admin import _change_form_data
from listings.models import Report, Status
from listings.tests.factories import ListingFactory
from members.models import RosterEntry, VerificationStatus
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def test_an_event_saved_in_the_admin_keeps_the_seats_booked_while_the_form_was_open(staff_client, monkeypatch):
    event = EventFactory(type=EventTypeFactory(), capacity=10)
    url = reverse("admin:events_event_change", args=[event.pk])
    staff_client.get(url)  # staff open the form: 0 seats confirmed
    original_clean = EventAdminForm.clean

    def clean_while_someone_books(form):
        # The admin has read the event already; a visitor books 3 seats before it saves.
        event_services.booking_create(event=event, name="Ana", email="ana@example.org", seats=3)
        return original_clean(form)

    monkeypatch.setattr(EventAdminForm, "clean", clean_while_someone_books)
    response = staff_client.post(url, _change_form_data(event, title_fr="Nouveau titre"))
    assert response.status_code == 302, response.content.decode()[:1500]
    event.refresh_from_db()
    assert (event.title, event.seats_confirmed) == ("Nouveau titre", 3)


def test_an_admin_capacity_below_the_seats_booked_meanwhile_is_not_written(staff_client, monkeypatch):
    event = EventFactory(type=EventTypeFactory(), capacity=10)
    url = reverse("admin:events_event_change", args=[event.pk])
    original_clean = EventAdminForm.clean

    def clean_while_someone_books(form):
        event_services.booking_create(event=event, name="Ana", email="ana@example.org", seats=4)
        return original_clean(form)

    monkeypatch.setattr(EventAdminForm, "clean", clean_while_someone_books)
    response = staff_client.post(url, _change_form_data(event, capacity=2), follow=True)
    event.refresh_from_db()
    assert (event.capacity, event.seats_confirmed) == (10, 4)
    assert "la capacité n&#x27;a pas été réduite" in response.content.decode()


def _listing_form(listing, **overrides):
    data = {
        "author": listing.author_id,
        "category": listing.category_id,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "postcode": listing.postcode,
        "city": listing.city,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "reports-MIN_NUM_FORMS": 0,
        "reports-MAX_NUM_FORMS": 1000,
    }
    return data | overrides


def test_the_admin_form_cannot_publish_a_hidden_annonce_or_move_its_end_date(staff_client):
    listing = ListingFactory(status=Status.HIDDEN)
    before = listing.expires_at
    url = reverse("admin:listings_listing_change", args=[listing.pk])
    far = timezone.now() + dt.timedelta(days=900)
    staff_client.post(
        url,
        _listing_form(listing, status="published", expires_at_0=far.strftime("%d/%m/%Y"), expires_at_1="12:00:00"),
    )
    listing.refresh_from_db()
    assert (listing.status, listing.expires_at) == (Status.HIDDEN, before)


def test_extending_an_annonce_in_the_admin_goes_through_the_service_and_tells_the_author(
    staff_client, django_capture_on_commit_callbacks
):
    listing = ListingFactory(status=Status.EXPIRED, expires_at=timezone.now() - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:listings_listing_changelist"), {"action": "extend", "_selected_action": [listing.pk]}
        )
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert listing.expires_at > timezone.now() + dt.timedelta(days=29)
    assert [m.to for m in mail.outbox] == [[listing.author.email]]
    assert "prolongée" in mail.outbox[0].subject


def test_restoring_an_annonce_tells_its_author(staff_client, django_capture_on_commit_callbacks):
    listing = ListingFactory(status=Status.HIDDEN, status_before_hidden=Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:listings_listing_changelist"), {"action": "restore", "_selected_action": [listing.pk]}
        )
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert "de nouveau visible" in mail.outbox[0].subject


def test_the_user_page_cannot_verify_a_member_without_the_roster(staff_client):
    member = VerifiedMemberFactory()
    profile = member.profile
    profile.verification_status, profile.roster_entry = VerificationStatus.PENDING, None
    profile.save()
    url = reverse("admin:members_user_change", args=[member.pk])
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data |= {
        "email": member.email,
        "date_joined_0": member.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
        "is_active": "on",
        "profile-TOTAL_FORMS": 1,
        "profile-INITIAL_FORMS": 1,
        "profile-MIN_NUM_FORMS": 0,
        "profile-MAX_NUM_FORMS": 1,
        "profile-0-id": profile.pk,
        "profile-0-user": member.pk,
        "profile-0-display_name": profile.display_name,
        "profile-0-language": "fr",
        "profile-0-verification_status": "verified",
        "profile-0-societaire_number": "S999",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert (profile.verification_status, profile.societaire_number) == ("pending", member.profile.societaire_number)


def test_revoking_frees_the_roster_row_for_its_real_societaire(staff_client, django_capture_on_commit_callbacks):
    from members.services import verification_submit
    from members.tests.factories import UserFactory

    impostor = VerifiedMemberFactory()
    entry = impostor.profile.roster_entry
    listing = ListingFactory(author=impostor, status=Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:members_memberprofile_changelist"),
            {"action": "revoke", "apply": "1", "reason": "Numéro emprunté", "_selected_action": [impostor.profile.pk]},
        )
    impostor.profile.refresh_from_db()
    assert impostor.profile.verification_status == VerificationStatus.REJECTED
    assert impostor.profile.roster_entry is None
    listing.refresh_from_db()
    assert listing.status == Status.PAUSED
    assert "Numéro emprunté" in mail.outbox[0].body
    real = verification_submit(
        profile=UserFactory().profile, number=entry.number, last_name=entry.last_name, postcode=entry.postcode
    )
    assert real.is_verified and real.roster_entry == RosterEntry.objects.get(pk=entry.pk)


def test_each_report_opens_and_shows_the_reporters_text(staff_client):
    listing = ListingFactory(title="Vélo à prêter")
    report = Report.objects.create(
        listing=listing, reporter=VerifiedMemberFactory(), reason="scam", text="Il demande un virement d'avance."
    )
    html = staff_client.get(reverse("admin:listings_report_changelist")).content.decode()
    report_url = reverse("admin:listings_report_change", args=[report.pk])
    assert f'<a href="{report_url}">Signalement n°{report.pk}</a>' in html
    assert "Il demande un virement d&#x27;avance." in html
    # No link inside another link: the annonce's own link stands alone in its cell.
    listing_url = reverse("admin:listings_listing_change", args=[listing.pk])
    assert f'<td class="field-listing_link"><a href="{listing_url}">Vélo à prêter</a></td>' in html
    assert staff_client.get(report_url).status_code == 200
