"""Moderation in the admin: the queue, its filters and actions, and the annonces list."""

import pytest
from django.core import mail
from django.urls import reverse

from listings import services
from listings.models import Report, ReportStatus, Status
from listings.photos import prepare_photo
from members.tests.factories import VerifiedMemberFactory

from .factories import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(listing):
    for reason in ["scam", "scam"]:
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason=reason, text="Louche")
    return listing


def test_moderation_queue_lists_and_filters_reports(staff_client, reported):
    url = reverse("admin:listings_report_changelist")
    page = staff_client.get(url).content.decode()
    assert reported.title in page and "Arnaque" in page
    assert staff_client.get(url, {"status__exact": "open", "reason__exact": "scam"}).status_code == 200
    assert reported.title not in staff_client.get(url, {"reason__exact": "other"}).content.decode()


def test_action_hide_tells_the_author(staff_client, reported, django_capture_on_commit_callbacks):
    url = reverse("admin:listings_report_changelist")
    ids = list(Report.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "hide_listing", "_selected_action": ids})
    reported.refresh_from_db()
    assert reported.status == Status.HIDDEN
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.ACTIONED}
    assert [m.to for m in mail.outbox] == [[reported.author.email]]


def test_action_dismiss(staff_client, reported):
    ids = list(Report.objects.values_list("pk", flat=True))
    staff_client.post(reverse("admin:listings_report_changelist"), {"action": "dismiss", "_selected_action": ids})
    reported.refresh_from_db()
    assert reported.status == Status.PUBLISHED
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DISMISSED}


def test_action_suspend_member(staff_client, reported, client):
    ids = list(Report.objects.values_list("pk", flat=True))
    staff_client.post(
        reverse("admin:listings_report_changelist"), {"action": "suspend_author", "_selected_action": ids}
    )
    reported.author.refresh_from_db()
    assert not reported.author.is_active


def test_listing_admin_with_photo_previews_filters_and_search(staff_client, listing):
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    url = reverse("admin:listings_listing_changelist")
    page = staff_client.get(url, {"q": listing.title, "status__exact": "published"}).content.decode()
    assert listing.title in page
    assert reverse("listings:photo", args=[listing.photos.get().pk, "thumb"]) in page
    assert staff_client.get(reverse("admin:listings_listing_change", args=[listing.pk])).status_code == 200
    assert staff_client.get(reverse("admin:listings_category_changelist")).status_code == 200


def test_listing_admin_hide_and_restore(staff_client, listing):
    url = reverse("admin:listings_listing_changelist")
    staff_client.post(url, {"action": "hide", "_selected_action": [listing.pk]})
    listing.refresh_from_db()
    assert listing.status == Status.HIDDEN
    staff_client.post(url, {"action": "restore", "_selected_action": [listing.pk]})
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED


def test_members_cannot_reach_the_admin(verified_client):
    response = verified_client.get(reverse("admin:listings_report_changelist"))
    assert response.status_code == 302
