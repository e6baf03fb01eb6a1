"""Writes of the venue app: importing partners' offers from their feeds; exceptional openings; the
anonymised count of the offers shown."""

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, PositiveIntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .feeds import FeedError, fetch_feed
from .models import OpeningException, Partner, PartnerOffer, PartnerOfferViews, Venue
from .offers import parse_feed

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    ok: bool
    created: int = 0
    updated: int = 0
    removed: int = 0
    not_modified: bool = False
    error: str = ""


def _prune(*, partner: Partner, now: dt.datetime) -> int:
    limit = now - dt.timedelta(days=settings.PARTNER_OFFER_RETENTION_DAYS)
    removed, _ = PartnerOffer.objects.filter(partner=partner, last_seen_at__lt=limit).delete()
    return removed


@transaction.atomic
def partner_offers_import(*, partner: Partner, content: bytes, content_type: str = "", now=None) -> ImportResult:
    """Reads a feed's bytes (RSS, Atom or JSON Feed, sanitised by venue.offers.parse_feed) into the
    partner's offers: each item once by (partner, guid), created or updated, marked seen now; the
    offers not seen for PARTNER_OFFER_RETENTION_DAYS are deleted. The one entry point for the
    fetcher and for the demo's shipped files.

    Raises FeedError, before writing anything, if the feed cannot be read. Takes a row lock on the
    partner (select_for_update), so two imports of the same feed do not race; all or nothing."""
    now = now or timezone.now()
    items = parse_feed(content, content_type=content_type)
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    existing = {offer.guid: offer for offer in PartnerOffer.objects.filter(partner=partner)}
    fields = ["title", "summary_html", "summary_text", "link", "kind", "kind_label", "published_at"]
    created, updated = [], []
    for item in items:
        values = {name: getattr(item, name) for name in fields}
        offer = existing.get(item.guid)
        if offer is None:
            created.append(PartnerOffer(partner=partner, guid=item.guid, first_seen_at=now, last_seen_at=now, **values))
        else:
            for name, value in values.items():
                setattr(offer, name, value)
            offer.last_seen_at = now
            updated.append(offer)
    PartnerOffer.objects.bulk_create(created)
    PartnerOffer.objects.bulk_update(updated, [*fields, "last_seen_at"])
    removed = _prune(partner=partner, now=now)
    return ImportResult(ok=True, created=len(created), updated=len(updated), removed=removed)


def _record(partner: Partner, *, now, error: str = "", **fields) -> None:
    values = {"feed_checked_at": now, **fields}
    if error:
        values.update(feed_error=error[:2000], feed_error_at=now)
    else:
        values.update(feed_error="", feed_imported_at=now)
    Partner.objects.filter(pk=partner.pk).update(**values)
    for name, value in values.items():
        setattr(partner, name, value)


def partner_feed_record_error(*, partner: Partner, error: str, now=None) -> None:
    """Records why the partner's feed could not be imported (shown in the admin); the offers stay."""
    _record(partner, now=now or timezone.now(), error=error)


def partner_feed_import(*, partner: Partner, now=None) -> ImportResult:
    """Fetches the partner's feed (venue.feeds: timeout, byte limit, no private address unless
    PARTNER_FEEDS_ALLOW_PRIVATE, conditional with the ETag and Last-Modified of the last good
    import) and imports it with partner_offers_import. A 304 marks every offer still seen.

    Never raises for a bad feed: the error and its time are recorded on the partner (shown in the
    admin) and returned; the offers already imported stay (until their retention runs out). The
    network is read outside any transaction: no lock is held while a slow site answers."""
    now = now or timezone.now()
    if not partner.feed_url:
        return ImportResult(ok=False, error="")
    try:
        fetched = fetch_feed(partner.feed_url, etag=partner.feed_etag, modified=partner.feed_modified)
        if fetched.not_modified:
            with transaction.atomic():
                PartnerOffer.objects.filter(partner=partner).update(last_seen_at=now)
                removed = _prune(partner=partner, now=now)
            _record(partner, now=now)
            return ImportResult(ok=True, not_modified=True, removed=removed)
        result = partner_offers_import(
            partner=partner, content=fetched.body, content_type=fetched.content_type, now=now
        )
    except FeedError as error:
        logger.info("partner feed %s: %s", partner.slug, error)
        _record(partner, now=now, error=str(error))
        return ImportResult(ok=False, error=str(error))
    # The validators are kept only with a good import: a 304 must never hide a feed never read.
    _record(partner, now=now, feed_etag=fetched.etag, feed_modified=fetched.modified)
    return result


REASON_MAX = OpeningException._meta.get_field("reason").max_length


@transaction.atomic
def opening_exceptional_open(
    *, venue: Venue, day: dt.date, opens: dt.time, closes: dt.time, why: str
) -> OpeningException:
    """Open the venue on `day` at least from `opens` to `closes`, for an event staff decided to hold
    outside the usual hours: that day's exception (which replaces the weekly hours, and which the
    venue page lists under « Dates particulières ») becomes an opening covering the usual hours of
    the day, an earlier exceptional opening and the new hours. A closure that day (a holiday)
    becomes that opening; its reason is kept in front. Takes a row lock on the day's exception, if any."""
    exception = OpeningException.objects.select_for_update().filter(venue=venue, date=day).first()
    spans = [(opens, closes)]
    if exception is None:
        spans += [(h.opens, h.closes) for h in venue.hours.filter(weekday=day.weekday())]
        exception = OpeningException(venue=venue, date=day)
    elif not exception.closed and exception.opens and exception.closes:
        spans.append((exception.opens, exception.closes))
    exception.closed = False
    exception.opens = min(start for start, _end in spans)
    exception.closes = max(end for _start, end in spans)
    reason = _("Ouverture exceptionnelle : %(why)s") % {"why": why}
    if reason not in exception.reason:
        joined = f"{exception.reason} · {reason}" if exception.reason else reason
        exception.reason = joined if len(joined) <= REASON_MAX else joined[: REASON_MAX - 1] + "…"
    exception.save()
    return exception


def partner_offers_seen(*, offers, day: dt.date | None = None) -> None:
    """Count that these offers (one page of the offers' page or API) were shown: for each of their
    partners, one page more and as many offers more, in that day's PartnerOfferViews row. No member
    is recorded. Two queries whatever the page: an insert of the missing rows (a conflict with a
    concurrent insert is ignored), then one UPDATE adding to the counters with F(), so two requests
    at once never lose a count."""
    per_partner = Counter(offer.partner_id for offer in offers)
    if not per_partner:
        return
    day = day or timezone.localdate()
    PartnerOfferViews.objects.bulk_create(
        [PartnerOfferViews(day=day, partner_id=partner_id) for partner_id in per_partner], ignore_conflicts=True
    )
    shown = Case(
        *(When(partner_id=partner_id, then=Value(n)) for partner_id, n in per_partner.items()),
        output_field=PositiveIntegerField(),
    )
    PartnerOfferViews.objects.filter(day=day, partner_id__in=per_partner).update(
        pages=F("pages") + 1, offers=F("offers") + shown
    )
