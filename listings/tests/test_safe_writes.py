"""Writes that must be all or nothing: suspending a member, adding photos (the six-photo cap under
concurrent uploads, and no file left behind by a transaction that failed)."""

import contextlib
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from listings import services
from listings.models import MAX_PHOTOS, ListingPhoto, Report, ReportReason, ReportStatus
from listings.photos import prepare_photo
from members.tests.factories import VerifiedMemberFactory

from .factories import ListingFactory, upload

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_refuses(statement_start: str):
    """The database answers an error to the statements that start with `statement_start` (a disk
    full, a lost connection…): a real failure of the database layer, not a mock of our code."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement_start.upper()):
            raise DatabaseError("refused by the test")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def photo(n=0):
    return prepare_photo(upload(f"photo{n}.jpg"))


def test_a_suspension_that_fails_midway_leaves_the_account_and_the_reports_as_they_were(staff):
    listing = ListingFactory()
    Report.objects.create(listing=listing, reporter=VerifiedMemberFactory(), reason=ReportReason.SCAM)
    with database_refuses('UPDATE "listings_report"'), pytest.raises(DatabaseError):
        services.member_suspend(user=listing.author, by=staff)
    listing.author.refresh_from_db()
    assert listing.author.is_active  # the account was not deactivated without its reports decided
    assert Report.objects.get().status == ReportStatus.OPEN


def test_photos_of_a_failed_upload_leave_no_file_behind(listing):
    with database_refuses('INSERT INTO "listings_listingphoto"'), pytest.raises(DatabaseError):
        services.photos_add(listing=listing, photos=[photo(1), photo(2)])
    assert listing.photos.count() == 0
    assert stored_files() == []


def test_an_annonce_created_with_photos_that_fails_leaves_no_file_behind(verified_member):
    from listings.models import Category, Listing

    category = Category.objects.first()
    # The first photo's row is written, the second one's refused: the first file must go too.
    calls = []

    def refuse_second(execute, sql, params, many, context):
        if sql.lstrip().startswith('INSERT INTO "listings_listingphoto"'):
            calls.append(sql)
            if len(calls) == 2:
                raise DatabaseError("refused by the test")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_second), pytest.raises(DatabaseError):
        services.listing_create(
            author=verified_member,
            category=category,
            kind="offer",
            title="Perceuse",
            description="Avec ses mèches.",
            postcode="75011",
            city="Paris",
            lat=48.86,
            lng=2.38,
            photos=[photo(1), photo(2)],
        )
    assert len(calls) == 2
    assert not Listing.objects.filter(title="Perceuse").exists()
    assert stored_files() == []


def test_photos_of_a_successful_upload_are_kept(listing):
    services.photos_add(listing=listing, photos=[photo(1), photo(2)])
    assert len(stored_files()) == 2 == listing.photos.count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_never_pass_six_photos():
    listing = ListingFactory()
    services.photos_add(listing=listing, photos=[photo(0)])
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes = []
    prepared = [[photo(2 * n), photo(2 * n + 1)] for n in range(threads_count)]

    def upload_two(photos):
        try:
            barrier.wait()
            services.photos_add(listing=listing, photos=photos)
            outcomes.append("added")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload_two, args=(photos,)) for photos in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    count = ListingPhoto.objects.filter(listing=listing).count()
    assert count <= MAX_PHOTOS
    assert count == 5 and sorted(outcomes) == ["added"] * 2 + ["refused"] * 4
    positions = list(ListingPhoto.objects.filter(listing=listing).values_list("position", flat=True))
    assert sorted(positions) == list(range(5))
    assert len(stored_files()) == 5  # the refused uploads wrote no file
