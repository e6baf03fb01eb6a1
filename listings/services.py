"""Writes about annonces that carry a rule. Views, admin actions, tasks and the future API call
these; nobody else writes the rule again. Keyword-only arguments; notifications are Celery tasks
sent after commit (club.queue.enqueue_after_commit)."""

import datetime as dt
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from alerts import tasks as alert_tasks
from club.files import atomic_removing_files, remove_on_failure
from club.queue import enqueue_after_commit

from . import geo, tasks
from .models import (
    LISTING_LIFETIME,
    MAX_PHOTOS,
    Category,
    Favourite,
    Listing,
    ListingPhoto,
    Report,
    ReportStatus,
    Status,
)
from .photos import CleanPhoto

REPORTS_TO_HIDE = 3


# --- Annonces ----------------------------------------------------------------------------------
NEGATIVE_PRICE = _lazy("Le prix ne peut pas être négatif : laissez vide si c'est gratuit.")


def _check_price(category: Category, price) -> None:
    if category.is_free and price not in (None, 0):
        raise ValidationError({"price": _("Cette catégorie est un service gratuit : aucun prix ne peut être indiqué.")})
    if price is not None and price < 0:
        raise ValidationError({"price": NEGATIVE_PRICE})


def not_its_photos(ids) -> ValidationError:
    """The error for photo ids that are not the annonce's, naming them (the form and the service)."""
    ids = sorted({str(pk) for pk in ids}, key=lambda pk: (len(pk), pk))
    message = ngettext(
        "La photo n° %(ids)s n'est pas une photo de cette annonce : rien n'a été retiré.",
        "Les photos n° %(ids)s ne sont pas des photos de cette annonce : rien n'a été retiré.",
        len(ids),
    ) % {"ids": ", ".join(ids)}
    return ValidationError(message, code="invalid_choice")


def listing_index_text(*, listing_id: int) -> None:
    """Refresh the full-text vector (PostgreSQL only): French stemming, accents ignored through the
    `french_unaccent` text search configuration created in migration 0002, title above description.
    Add the annonce's words to the lexicon that corrects typos (SearchWord)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="french_unaccent") + SearchVector(
        "description", weight="B", config="french_unaccent"
    )
    Listing.objects.filter(pk=listing_id).update(search_vector=vector)
    lexicon_add(listing_ids=[listing_id])


LEXICON_SQL = """INSERT INTO listings_searchword (word)
    SELECT word FROM ts_stat(%s)
    WHERE length(word) BETWEEN 3 AND 100 AND word !~ '[0-9]'
    ON CONFLICT DO NOTHING"""


def lexicon_add(*, listing_ids: list[int] | None = None) -> None:
    """Add the words of these annonces (all of them if None) to the lexicon (PostgreSQL only): lower
    case, no accents, no digits, three letters or more, as migration 0008 filled it. Words are only
    ever added, so concurrent calls need no lock (ON CONFLICT DO NOTHING)."""
    if connection.vendor != "postgresql":
        return
    documents = "SELECT to_tsvector('simple', club_unaccent(lower(title || ' ' || description))) FROM listings_listing"
    if listing_ids is not None:
        documents += " WHERE id IN (" + ",".join(str(int(pk)) for pk in listing_ids) + ")"
    with connection.cursor() as cursor:
        cursor.execute(LEXICON_SQL, [documents])


def _place(*, postcode: str, city: str, lat: float | None, lng: float | None):
    """Approximate point: a browser position rounded to ~1 km, else the commune's town hall."""
    if lat is not None and lng is not None:
        return geo.approximate(lat, lng)
    place = geo.place_for_postcode(postcode, city)
    if place is None:
        raise ValidationError({"postcode": _("Code postal inconnu.")})
    return geo.approximate(place.lat, place.lng)


@atomic_removing_files()
def listing_create(
    *,
    author,
    category: Category,
    kind: str,
    title: str,
    description: str,
    postcode: str,
    city: str,
    price=None,
    lat: float | None = None,
    lng: float | None = None,
    available_from: date | None = None,
    available_until: date | None = None,
    details: dict | None = None,
    photos: list[CleanPhoto] = (),
    publish: bool = True,
) -> Listing:
    """Create an annonce, published now (expires in 60 days) or kept as a draft. Free categories
    never carry a price. Only an approximate point is stored."""
    if not author.is_verified_member:
        raise PermissionDenied
    _check_price(category, price)
    lat, lng = _place(postcode=postcode, city=city, lat=lat, lng=lng)
    now = timezone.now()
    listing = Listing.objects.create(
        author=author,
        category=category,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        price=None if category.is_free else price,
        postcode=postcode,
        city=city,
        lat=lat,
        lng=lng,
        available_from=available_from,
        available_until=available_until,
        details=details or {},
        status=Status.PUBLISHED if publish else Status.DRAFT,
        published_at=now if publish else None,
        expires_at=now + LISTING_LIFETIME if publish else None,
    )
    photos_add(listing=listing, photos=photos)
    listing_index_text(listing_id=listing.pk)
    if publish:
        _announce_published(listing)
    return listing


def _announce_published(listing: Listing) -> None:
    """An annonce has just become visible in search: the members' alerts are matched by a task
    after commit (never in the request: alerts.tasks.match_published_listing)."""
    enqueue_after_commit(alert_tasks.match_published_listing, listing.pk)


@atomic_removing_files()
def listing_update(
    *, listing: Listing, photos: list[CleanPhoto] = (), remove_photo_ids=(), publish: bool = False, **fields
) -> Listing:
    """Change an annonce's content (the caller checked ownership with access_own_listing).
    The category cannot change here: its extra fields would not match."""
    fields.pop("category", None)
    _check_price(listing.category, fields.get("price", listing.price))
    if {"postcode", "city", "lat", "lng"} & fields.keys():
        fields["lat"], fields["lng"] = _place(
            postcode=fields.get("postcode", listing.postcode),
            city=fields.get("city", listing.city),
            lat=fields.get("lat"),
            lng=fields.get("lng"),
        )
    for name, value in fields.items():
        setattr(listing, name, value)
    if listing.category.is_free:
        listing.price = None
    published_now = publish and listing.status == Status.DRAFT
    if published_now:
        _publish(listing)
    listing.save()
    photos_remove(listing=listing, photo_ids=remove_photo_ids)
    photos_add(listing=listing, photos=photos)
    listing_index_text(listing_id=listing.pk)
    if published_now:
        _announce_published(listing)
    return listing


@atomic_removing_files()
def photos_add(*, listing: Listing, photos: list[CleanPhoto]) -> None:
    """Attach already-cleaned photos (photos.prepare_photo), up to MAX_PHOTOS in all.

    Locks the annonce's row, then counts, then writes: two uploads at once never pass the cap.
    A file written here is deleted again if the transaction fails (club.files)."""
    if not photos:
        return
    Listing.objects.select_for_update().filter(pk=listing.pk).values_list("pk").get()
    existing = ListingPhoto.objects.filter(listing_id=listing.pk).count()
    if existing + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("6 photos au plus par annonce.")})
    for position, photo in enumerate(photos, start=existing):
        row = ListingPhoto(listing=listing, position=position)
        row.image.save(photo.content.name, photo.content, save=False)
        remove_on_failure(row.image.storage, row.image.name)
        row.save()
    _touch(listing)


def _touch(listing: Listing) -> None:
    """Its photos changed: a new `updated_at`, the version of its cached result card (listings.cards)."""
    listing.updated_at = timezone.now()
    Listing.objects.filter(pk=listing.pk).update(updated_at=listing.updated_at)


def photos_remove(*, listing: Listing, photo_ids) -> None:
    """Delete some of an annonce's photos, files and thumbnails included (after commit, so a
    rolled-back request never loses a file). Ids that are not its photos refuse the whole
    removal and are named (ValidationError on `remove_photos`)."""
    photo_ids = list(photo_ids)
    photos = list(listing.photos.filter(pk__in=photo_ids))
    unknown = {str(pk) for pk in photo_ids} - {str(photo.pk) for photo in photos}
    if unknown:
        raise ValidationError({"remove_photos": not_its_photos(unknown)})
    for photo in photos:
        _delete_files_on_commit(photo)
        photo.delete()
    if photos:
        _touch(listing)


def _delete_files_on_commit(photo: ListingPhoto) -> None:
    from easy_thumbnails.files import get_thumbnailer

    image = photo.image

    def delete():
        thumbnailer = get_thumbnailer(image)
        thumbnailer.delete_thumbnails()
        image.storage.delete(image.name)

    transaction.on_commit(delete)


def _publish(listing: Listing) -> None:
    now = timezone.now()
    listing.status = Status.PUBLISHED
    listing.published_at = listing.published_at or now
    listing.expires_at = now + LISTING_LIFETIME
    listing.expiry_warned_at = None


# Which status each owner action may start from. Hidden annonces wait for a staff decision.
_TRANSITIONS = {
    "publish": ({Status.DRAFT}, None),
    "pause": ({Status.PUBLISHED}, Status.PAUSED),
    "resume": ({Status.PAUSED}, Status.PUBLISHED),
    "close": ({Status.DRAFT, Status.PUBLISHED, Status.PAUSED, Status.EXPIRED}, Status.CLOSED),
    "renew": ({Status.PUBLISHED, Status.PAUSED, Status.EXPIRED, Status.CLOSED}, None),
}


@transaction.atomic
def listing_change_status(*, listing: Listing, action: str) -> Listing:
    """The author's pause / resume / close / renew / publish. Renewing republishes for 60 days from
    now. Takes a row lock on the annonce so that the expiry task and the author do not cross."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    allowed_from, target = _TRANSITIONS[action]
    if listing.status not in allowed_from:
        raise ValidationError(
            _("Cette action n'est pas possible pour une annonce « %(status)s ».")
            % {"status": listing.get_status_display()}
        )
    past_date = listing.expires_at is None or listing.expires_at <= timezone.now()
    if action in ("publish", "renew") or (action == "resume" and past_date):
        _publish(listing)  # resuming after the end date would expire at the next beat run
    else:
        listing.status = target
    listing.save()
    if listing.status == Status.PUBLISHED:  # published, renewed or back from a pause
        _announce_published(listing)
    return listing


def listing_has_exchanges(listing: Listing) -> bool:
    return listing.exchanges.exists()


@transaction.atomic
def listing_delete(*, listing: Listing) -> bool:
    """Delete an annonce with its photos (files and thumbnails included), conversations and reports,
    and return True. Unless members exchanged about it: those exchanges and their reviews are the
    other member's history too (and a review must not vanish with its annonce), so the annonce is
    closed instead, its pending requests declined (their askers are told), and False returned. An
    accepted exchange still open must be cancelled or completed first (ValidationError)."""
    from exchanges.models import ExchangeStatus
    from exchanges.services import exchange_decline

    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing_has_exchanges(listing):
        for photo in listing.photos.all():
            _delete_files_on_commit(photo)
        listing.delete()
        return True
    if listing.exchanges.filter(status=ExchangeStatus.ACCEPTED).exists():
        raise ValidationError(
            _(
                "Un échange accepté est en cours sur cette annonce : annulez-le ou marquez-le terminé "
                "avant de la supprimer."
            )
        )
    for exchange in listing.exchanges.filter(status=ExchangeStatus.REQUESTED):
        exchange_decline(exchange=exchange, by=listing.author, reason=_("L'annonce a été retirée par son auteur."))
    if listing.status in _TRANSITIONS["close"][0]:
        listing_change_status(listing=listing, action="close")
    return False


# --- Expiry (Celery beat) ------------------------------------------------------------------------
def listings_expire(*, now=None) -> int:
    """Published annonces past their date become expired. Idempotent: one conditional UPDATE."""
    now = now or timezone.now()
    return Listing.objects.filter(status=Status.PUBLISHED, expires_at__lte=now).update(
        status=Status.EXPIRED, updated_at=now
    )


def listings_to_warn(*, now=None) -> list[int]:
    """The published annonces expiring within three days whose author was not warned yet."""
    now = now or timezone.now()
    due = Listing.objects.filter(
        status=Status.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + settings.LISTING_EXPIRY_WARNING,
        expiry_warned_at__isnull=True,
    )
    return list(due.values_list("pk", flat=True))


def listing_warn_expiry(*, listing_id: int, send, now=None) -> bool:
    """Warn an annonce's author once that it expires soon: lock the annonce (skip_locked: another
    run on it is already sending), check it still needs the warning, `send(listing)`, and only then
    record it, in the same transaction. A send that fails records nothing, so the next run warns;
    a recorded warning is never sent again."""
    now = now or timezone.now()
    with transaction.atomic():
        listing = (
            Listing.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("author")
            .filter(pk=listing_id, status=Status.PUBLISHED, expiry_warned_at__isnull=True, author__is_active=True)
            .first()
        )
        if listing is None:
            return False
        send(listing)
        Listing.objects.filter(pk=listing.pk).update(expiry_warned_at=now)
    return True


# --- Favourites ----------------------------------------------------------------------------------
def favourite_toggle(*, user, listing: Listing) -> bool:
    """Add or remove; returns whether the annonce is now a favourite."""
    deleted, _count = Favourite.objects.filter(user=user, listing=listing).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(user=user, listing=listing)
    except IntegrityError:  # a double click raced us: it is a favourite either way
        pass
    return True


# --- Reports and moderation ----------------------------------------------------------------------
@transaction.atomic
def report_create(*, listing: Listing, reporter, reason: str, text: str = "") -> Report:
    """A member reports an annonce, once. When REPORTS_TO_HIDE different members have open
    reports on it, it is hidden until a staff decision and the author is told. Takes a row lock on
    the annonce so that simultaneous reports count right."""
    if listing.author_id == reporter.pk or not reporter.is_verified_member:
        raise PermissionDenied
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if Report.objects.filter(listing=listing, reporter=reporter).exists():
        raise ValidationError(_("Vous avez déjà signalé cette annonce."))
    report = Report.objects.create(listing=listing, reporter=reporter, reason=reason, text=text.strip())
    open_reports = listing.reports.filter(status=ReportStatus.OPEN).values("reporter").distinct().count()
    if open_reports >= REPORTS_TO_HIDE and listing.status != Status.HIDDEN:
        listing_hide(listing=listing, by_reports=True)
    return report


@transaction.atomic
def listing_hide(*, listing: Listing, by=None, by_reports: bool = False) -> Listing:
    """Hide an annonce from everyone but staff and its author, and tell the author."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status == Status.HIDDEN:
        if by is not None:  # staff confirm an automatic hide: it no longer waits for a decision
            listing.hidden_by_reports = False
            listing.save(update_fields=["hidden_by_reports", "updated_at"])
        return listing
    listing.status_before_hidden = listing.status
    listing.status = Status.HIDDEN
    listing.hidden_by_reports = by_reports
    listing.save(update_fields=["status", "status_before_hidden", "hidden_by_reports", "updated_at"])
    enqueue_after_commit(tasks.notify_listing_hidden, listing.pk)
    return listing


@transaction.atomic
def listing_restore(*, listing: Listing) -> Listing:
    """Staff lift a hide: the annonce goes back to where it was (expired if its date has passed)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Status.HIDDEN:
        return listing
    listing.status = listing.status_before_hidden or Status.PUBLISHED
    if listing.status == Status.PUBLISHED and listing.expires_at and listing.expires_at <= timezone.now():
        listing.status = Status.EXPIRED
    listing.status_before_hidden = ""
    listing.hidden_by_reports = False
    listing.save(update_fields=["status", "status_before_hidden", "hidden_by_reports", "updated_at"])
    enqueue_after_commit(tasks.notify_listing_moderation, listing.pk, "restored")
    return listing


@transaction.atomic
def listing_extend(*, listing: Listing, days: int = 30) -> Listing:
    """Staff give an annonce more time: its end date moves `days` days past the later of now and
    its current end, an expired annonce is published again, and the author is told. Draft, closed
    and hidden annonces are left alone (returns them unchanged). Takes a row lock on the annonce."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in (Status.PUBLISHED, Status.PAUSED, Status.EXPIRED):
        return listing
    now = timezone.now()
    listing.expires_at = max(now, listing.expires_at or now) + dt.timedelta(days=days)
    listing.expiry_warned_at = None
    if listing.status == Status.EXPIRED:
        listing.status = Status.PUBLISHED
    listing.save(update_fields=["expires_at", "expiry_warned_at", "status", "updated_at"])
    enqueue_after_commit(tasks.notify_listing_moderation, listing.pk, "extended")
    return listing


@transaction.atomic
def reports_decide(*, reports, by, hide: bool) -> int:
    """Staff decision on open reports: hide their annonces, or dismiss them. Dismissing the last
    open reports of an annonce hidden automatically by reports restores it."""
    now = timezone.now()
    reports = list(reports.filter(status=ReportStatus.OPEN).select_related("listing"))
    status = ReportStatus.ACTIONED if hide else ReportStatus.DISMISSED
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(status=status, decided_at=now, decided_by=by)
    for listing in {r.listing_id: r.listing for r in reports}.values():
        if hide:
            listing_hide(listing=listing, by=by)
        elif listing.hidden_by_reports and not listing.reports.filter(status=ReportStatus.OPEN).exists():
            listing_restore(listing=listing)
    return len(reports)


@transaction.atomic
def member_suspend(*, user, by) -> None:
    """Suspend an account: it can no longer log in, and its annonces leave search (selectors only
    show annonces of active authors); the open reports on them are closed. All or nothing: one
    transaction."""
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    Report.objects.filter(listing__author=user, status=ReportStatus.OPEN).update(
        status=ReportStatus.ACTIONED, decided_at=timezone.now(), decided_by=by
    )
