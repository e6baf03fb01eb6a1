"""Writes about annonces that carry a rule. Views, admin actions, tasks and the future API call
these; nobody else writes the rule again. Keyword-only arguments; notifications are Celery tasks
sent after commit (club.queue.enqueue_after_commit)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from club.files import atomic_removing_files, remove_on_failure
from club.queue import enqueue_after_commit

from . import geo, tasks
from .models import (
    LISTING_LIFETIME,
    MAX_PHOTOS,
    Category,
    Conversation,
    Favourite,
    Listing,
    ListingPhoto,
    Message,
    Report,
    ReportStatus,
    Status,
)
from .photos import CleanPhoto

REPORTS_TO_HIDE = 3


# --- Annonces ----------------------------------------------------------------------------------
def _check_price(category: Category, price) -> None:
    if category.is_free and price not in (None, 0):
        raise ValidationError({"price": _("Cette catégorie est un service gratuit : aucun prix ne peut être indiqué.")})


def listing_index_text(*, listing_id: int) -> None:
    """Refresh the full-text vector (PostgreSQL only): French stemming, accents ignored through the
    `french_unaccent` text search configuration created in migration 0002, title above description."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="french_unaccent") + SearchVector(
        "description", weight="B", config="french_unaccent"
    )
    Listing.objects.filter(pk=listing_id).update(search_vector=vector)


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
    return listing


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
    if publish and listing.status == Status.DRAFT:
        _publish(listing)
    listing.save()
    photos_remove(listing=listing, photo_ids=remove_photo_ids)
    photos_add(listing=listing, photos=photos)
    listing_index_text(listing_id=listing.pk)
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


def photos_remove(*, listing: Listing, photo_ids) -> None:
    """Delete some of an annonce's photos, files and thumbnails included (after commit, so a
    rolled-back request never loses a file)."""
    for photo in listing.photos.filter(pk__in=list(photo_ids)):
        _delete_files_on_commit(photo)
        photo.delete()


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
    return listing


@transaction.atomic
def listing_delete(*, listing: Listing) -> None:
    """Delete an annonce with its photos (files and thumbnails included), conversations and reports."""
    for photo in listing.photos.all():
        _delete_files_on_commit(photo)
    listing.delete()


# --- Expiry (Celery beat) ------------------------------------------------------------------------
def listings_expire(*, now=None) -> int:
    """Published annonces past their date become expired. Idempotent: one conditional UPDATE."""
    now = now or timezone.now()
    return Listing.objects.filter(status=Status.PUBLISHED, expires_at__lte=now).update(
        status=Status.EXPIRED, updated_at=now
    )


def listings_to_warn(*, now=None) -> list[int]:
    """Claim the annonces expiring within three days whose author was not yet warned, and return
    their ids. The claim is a conditional UPDATE, so two beat runs never warn twice."""
    now = now or timezone.now()
    due = Listing.objects.filter(
        status=Status.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + settings.LISTING_EXPIRY_WARNING,
        expiry_warned_at__isnull=True,
    )
    ids = list(due.values_list("pk", flat=True))
    claimed = []
    for pk in ids:
        if Listing.objects.filter(pk=pk, expiry_warned_at__isnull=True).update(expiry_warned_at=now):
            claimed.append(pk)
    return claimed


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


# --- Conversations -------------------------------------------------------------------------------
def _check_can_write(*, listing: Listing, sender) -> None:
    if listing.status == Status.HIDDEN:
        raise PermissionDenied(_("Cette annonce est masquée : impossible d'écrire à son sujet."))
    if not sender.is_verified_member:
        raise PermissionDenied


@transaction.atomic
def conversation_start(*, listing: Listing, sender, body: str) -> Message:
    """A member writes to an annonce's author. Never about one's own annonce, only about a
    published one; a second contact continues the same thread."""
    if listing.author_id == sender.pk:
        raise PermissionDenied(_("Vous ne pouvez pas vous écrire à vous-même."))
    _check_can_write(listing=listing, sender=sender)
    conversation = Conversation.objects.filter(listing=listing, starter=sender).first()
    if conversation is None:
        if listing.status != Status.PUBLISHED:
            raise PermissionDenied(_("Cette annonce n'est plus disponible."))
        conversation, _created = Conversation.objects.get_or_create(listing=listing, starter=sender)
    return message_send(conversation=conversation, sender=sender, body=body)


@transaction.atomic
def message_send(*, conversation: Conversation, sender, body: str) -> Message:
    """Add a message to a thread the sender is part of, mark the thread read for the sender, and
    e-mail the other side (the task sends at most one e-mail per hour per side)."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("listing__author", "starter")
        .get(pk=conversation.pk)
    )
    if not conversation.is_participant(sender):
        raise PermissionDenied
    _check_can_write(listing=conversation.listing, sender=sender)
    other = conversation.other_party(sender)
    if not other.is_active:
        from .privacy import is_stand_in

        if is_stand_in(other):
            raise PermissionDenied(_("Ce membre a supprimé son compte : il ne reçoit plus de messages."))
        raise PermissionDenied(_("Ce compte est suspendu : il ne reçoit plus de messages."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Le message est vide.")})
    now = timezone.now()
    message = Message.objects.create(conversation=conversation, sender=sender, body=body, created_at=now)
    read_field = "starter_read_at" if sender.pk == conversation.starter_id else "author_read_at"
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{read_field: now})
    enqueue_after_commit(tasks.notify_new_message, message.pk)
    return message


def conversation_mark_read(*, conversation: Conversation, user) -> None:
    field = "starter_read_at" if user.pk == conversation.starter_id else "author_read_at"
    Conversation.objects.filter(pk=conversation.pk).update(**{field: timezone.now()})


def conversation_claim_notification(*, message: Message, now=None) -> bool:
    """Whether to e-mail the recipient of `message` now, claiming the hourly slot if so. A
    conditional UPDATE, so concurrent workers cannot both send. Skips recipients who already read it."""
    now = now or timezone.now()
    conversation = message.conversation
    side = "author" if message.sender_id == conversation.starter_id else "starter"
    notified, read = f"{side}_notified_at", f"{side}_read_at"
    window = now - settings.CONVERSATION_EMAIL_INTERVAL
    return bool(
        Conversation.objects.filter(pk=conversation.pk)
        .filter(Q(**{f"{notified}__isnull": True}) | Q(**{f"{notified}__lte": window}))
        .filter(Q(**{f"{read}__isnull": True}) | Q(**{f"{read}__lt": message.created_at}))
        .update(**{notified: now})
    )


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
