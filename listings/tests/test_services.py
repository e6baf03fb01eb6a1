"""Rules of the annonces: free categories, place, publication, owner transitions, expiry,
favourites, reports and moderation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from listings import services, tasks
from listings.models import Listing, Report, ReportStatus, Status
from members.tests.factories import VerifiedMemberFactory

from .factories import ListingFactory, category

pytestmark = pytest.mark.django_db


def create(author, slug="services-entraide", **kwargs):
    defaults = {"kind": "offer", "title": "Titre", "description": "Texte", "postcode": "75011", "city": ""}
    return services.listing_create(author=author, category=category(slug), **{**defaults, **kwargs})


@pytest.mark.parametrize("slug", ["covoiturage-gratuit", "entraide-voisins", "pret-objets"])
def test_free_categories_cannot_carry_a_price(verified_member, slug):
    with pytest.raises(ValidationError) as error:
        create(verified_member, slug, price=Decimal("10"))
    assert "price" in error.value.message_dict
    assert not Listing.objects.exists()
    listing = create(verified_member, slug, price=None)
    assert listing.price is None and listing.is_free


def test_free_category_price_cannot_sneak_in_by_update(verified_member):
    listing = create(verified_member, "pret-objets")
    with pytest.raises(ValidationError):
        services.listing_update(listing=listing, price=Decimal("5"))


def test_other_categories_may_have_a_price(verified_member):
    assert create(verified_member, "vehicules", price=Decimal("120")).price == Decimal("120")


def test_only_an_approximate_point_is_stored(verified_member):
    listing = create(verified_member, lat=48.856613, lng=2.352222, postcode="", city="")
    assert (listing.lat, listing.lng) == (48.86, 2.35)
    from_postcode = create(verified_member, postcode="69003")
    assert round(from_postcode.lat, 2) == from_postcode.lat


def test_unknown_postcode_is_refused(verified_member):
    with pytest.raises(ValidationError):
        create(verified_member, postcode="00000")


def test_unverified_members_cannot_post(member):
    with pytest.raises(PermissionDenied):
        create(member)


def test_published_annonce_expires_in_60_days_and_draft_does_not(verified_member):
    listing = create(verified_member)
    assert listing.status == Status.PUBLISHED
    assert timedelta(days=59, hours=23) < listing.expires_at - timezone.now() <= timedelta(days=60)
    draft = create(verified_member, publish=False)
    assert draft.status == Status.DRAFT and draft.expires_at is None


@pytest.mark.parametrize(
    "start, action, end",
    [
        (Status.PUBLISHED, "pause", Status.PAUSED),
        (Status.PAUSED, "resume", Status.PUBLISHED),
        (Status.PUBLISHED, "close", Status.CLOSED),
        (Status.EXPIRED, "renew", Status.PUBLISHED),
        (Status.DRAFT, "publish", Status.PUBLISHED),
    ],
)
def test_owner_transitions(start, action, end):
    listing = ListingFactory(status=start)
    assert services.listing_change_status(listing=listing, action=action).status == end


def test_hidden_annonce_cannot_be_resumed_or_renewed_by_its_author():
    listing = ListingFactory(status=Status.HIDDEN)
    for action in ["resume", "renew", "publish", "pause"]:
        with pytest.raises(ValidationError):
            services.listing_change_status(listing=listing, action=action)


def test_resuming_after_the_end_date_gives_a_new_period():
    listing = ListingFactory(status=Status.PAUSED, expires_at=timezone.now() - timedelta(days=1))
    resumed = services.listing_change_status(listing=listing, action="resume")
    assert resumed.status == Status.PUBLISHED and resumed.expires_at > timezone.now() + timedelta(days=59)


def test_renew_gives_60_more_days_and_a_new_warning():
    listing = ListingFactory(status=Status.EXPIRED, expires_at=timezone.now() - timedelta(days=1))
    listing.expiry_warned_at = timezone.now() - timedelta(days=4)
    listing.save()
    renewed = services.listing_change_status(listing=listing, action="renew")
    assert renewed.expires_at > timezone.now() + timedelta(days=59)
    assert renewed.expiry_warned_at is None


# --- Expiry task -------------------------------------------------------------------------------
def test_expiry_task_expires_past_annonces_only_and_is_idempotent():
    past = ListingFactory(expires_at=timezone.now() - timedelta(minutes=1))
    future = ListingFactory(expires_at=timezone.now() + timedelta(days=1))
    paused = ListingFactory(status=Status.PAUSED, expires_at=timezone.now() - timedelta(days=1))
    assert tasks.expire_listings() == 1
    assert tasks.expire_listings() == 0
    past.refresh_from_db(), future.refresh_from_db(), paused.refresh_from_db()
    assert (past.status, future.status, paused.status) == (Status.EXPIRED, Status.PUBLISHED, Status.PAUSED)


def test_authors_are_warned_once_three_days_before_expiry():
    soon = ListingFactory(expires_at=timezone.now() + timedelta(days=2, hours=20), title="Tente 4 places")
    ListingFactory(expires_at=timezone.now() + timedelta(days=10))
    assert tasks.warn_expiring_listings() == 1
    assert tasks.warn_expiring_listings() == 0  # idempotent: no second e-mail
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [soon.author.email]
    assert "Tente 4 places" in mail.outbox[0].subject
    assert "/annonces/mes-annonces/" in mail.outbox[0].body


def test_beat_schedule_runs_both_tasks(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"listings.tasks.expire_listings", "listings.tasks.warn_expiring_listings"} <= tasks_scheduled


# --- Favourites --------------------------------------------------------------------------------
def test_favourite_toggle(verified_member, listing):
    assert services.favourite_toggle(user=verified_member, listing=listing) is True
    assert services.favourite_toggle(user=verified_member, listing=listing) is False
    assert not verified_member.favourites.exists()


# --- Reports and moderation --------------------------------------------------------------------
def test_a_member_reports_an_annonce_once(verified_member, listing):
    services.report_create(listing=listing, reporter=verified_member, reason="scam")
    with pytest.raises(ValidationError):
        services.report_create(listing=listing, reporter=verified_member, reason="other")
    assert Report.objects.count() == 1


def test_authors_cannot_report_their_own_annonce(listing):
    with pytest.raises(PermissionDenied):
        services.report_create(listing=listing, reporter=listing.author, reason="scam")


def test_three_different_members_hide_an_annonce_and_the_author_is_told(listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason="scam")
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason="inappropriate")
    listing.refresh_from_db()
    assert listing.status == Status.HIDDEN and listing.hidden_by_reports
    assert [m.to for m in mail.outbox] == [[listing.author.email]]
    assert listing.title in mail.outbox[0].subject


def test_dismissing_the_reports_restores_an_automatically_hidden_annonce(listing, staff):
    for _ in range(3):
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason="scam")
    services.reports_decide(reports=Report.objects.all(), by=staff, hide=False)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DISMISSED}


def test_staff_confirming_a_hide_keeps_it_hidden(listing, staff):
    for _ in range(3):
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason="scam")
    services.reports_decide(reports=Report.objects.all(), by=staff, hide=True)
    listing.refresh_from_db()
    assert listing.status == Status.HIDDEN and not listing.hidden_by_reports


def test_suspending_a_member_deactivates_the_account(listing, staff):
    services.member_suspend(user=listing.author, by=staff)
    listing.author.refresh_from_db()
    assert not listing.author.is_active


def test_restore_of_an_expired_annonce_leaves_it_expired(staff):
    listing = ListingFactory(expires_at=timezone.now() - timedelta(days=1))
    services.listing_hide(listing=listing, by=staff)
    assert services.listing_restore(listing=listing).status == Status.EXPIRED


def test_the_annonce_e_mails_keep_apostrophes_and_ampersands(mailoutbox, django_capture_on_commit_callbacks):
    title = 'L\'échelle & le <seau> "pliant"'
    ListingFactory(title=title, expires_at=timezone.now() + timedelta(days=2))
    tasks.warn_expiring_listings.apply()
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_hide(listing=ListingFactory(title=title), by_reports=True)
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert title in message.subject + message.body
        assert not any(entity in message.subject + message.body for entity in ("&#x27;", "&amp;", "&lt;", "&quot;"))
