"""Every change of an exchange, each with its rule and its lock.

The state machine: requested → accepted → completed; requested → declined (by the annonce's
author), withdrawn (by the initiator) or expired (unanswered after EXCHANGE_REQUEST_DAYS, or its
start passed); accepted → cancelled (by either side, with a reason). Nothing else moves.

Locks: every acceptance of one annonce takes a row lock on the annonce first, so acceptances of
one annonce run one at a time; then it checks the calendar (or the trip's seats, whose row it also
locks) and writes. The database refuses whatever a bug would let through (see models). Other
transitions lock the exchange's own row. E-mails go to the other side after commit."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from club.queue import enqueue_after_commit
from listings.models import ExchangeUnit, Kind, Listing, Status
from messaging import services as messaging
from messaging.models import Message

from . import tasks
from .errors import ExchangeConflict, ExchangeError, ForbiddenTransition
from .models import HOLDING, BlockedPeriod, Exchange, ExchangeStatus, HandoverPlace, TripSeats, day_start
from .periods import Period, period_for, trip_total_seats


def _post_to_thread(*, listing: Listing, sender, initiator, body: str) -> Message:
    """The exchange's messages live in the conversation of (annonce, initiator). The request's own
    e-mail carries its message, so the thread's new-message e-mail is not sent for it."""
    conversation = messaging.conversation_for(listing=listing, member=initiator)
    return messaging.message_send(conversation=conversation, sender=sender, body=body, notify=False)


def _notify(exchange: Exchange, event: str, *, to) -> None:
    enqueue_after_commit(tasks.notify_exchange, exchange.pk, event, to.pk)


def _locked(exchange: Exchange) -> Exchange:
    return (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("listing__category", "listing__author", "provider", "receiver")
        .get(pk=exchange.pk)
    )


# --- What is in the way ------------------------------------------------------------------------
def overlapping(queryset, *, start, end):
    """Rows of `queryset` (exchanges) whose [start, end) meets [start, end)."""
    return queryset.filter(start__lt=end, end__gt=start)


def blocked_in(listing: Listing, period: Period):
    if listing.category.exchange_unit != ExchangeUnit.DAYS:
        return BlockedPeriod.objects.none()
    first = timezone.localtime(period.start).date()
    last = timezone.localtime(period.end).date()
    return listing.blocked_periods.filter(first_day__lt=last, last_day__gte=first)


def holding_conflicts(listing: Listing, period: Period, *, excluding=None):
    held = Exchange.objects.filter(listing=listing, status__in=HOLDING)
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return overlapping(held, start=period.start, end=period.end)


def _conflict_message(conflicts) -> str:
    spans = ", ".join(
        _("du %(first)s au %(last)s") % {"first": c.first_day.strftime("%d/%m"), "last": c.last_day.strftime("%d/%m")}
        for c in conflicts
    )
    return _("Ces dates sont déjà prises (%(spans)s).") % {"spans": spans}


# --- Request ------------------------------------------------------------------------------------
@transaction.atomic
def exchange_request(*, listing: Listing, initiator, start=None, end=None, seats: int = 1, message: str, now=None):
    """A verified member asks for an offer's dates, seats or slot — or, on a request (« je
    cherche »), proposes to provide it. Requests may overlap each other; they may not cover the
    author's blocked days, nor dates already accepted, nor more seats than are left. The message
    opens (or continues) the thread with the author. No lock: nothing is held until acceptance."""
    now = now or timezone.now()
    if not initiator.is_verified_member:
        raise ForbiddenTransition(_("Seuls les sociétaires vérifiés peuvent proposer un échange."))
    if listing.author_id == initiator.pk:
        raise ForbiddenTransition(_("C'est votre annonce : vous ne pouvez pas la demander."))
    if listing.status != Status.PUBLISHED or not listing.author.is_active:
        raise ExchangeError(_("Cette annonce n'est plus disponible."), field="listing")
    if not message or not message.strip():
        raise ExchangeError(_("Dites quelques mots à l'autre membre."), field="message")
    period = period_for(listing=listing, start=start, end=end, seats=seats, now=now)
    if blocked_in(listing, period).exists():
        raise ExchangeError(_("L'auteur a bloqué certains de ces jours."), field="start")
    if listing.category.exchange_unit == ExchangeUnit.SEATS:
        trip = TripSeats.objects.filter(listing=listing).first()
        left = trip.left if trip else trip_total_seats(listing)
        if period.seats > left:
            raise ExchangeConflict(_("Il reste %(left)s place(s) sur ce trajet.") % {"left": left}, conflicts=[])
    else:
        taken = list(holding_conflicts(listing, period))
        if taken:
            raise ExchangeConflict(_conflict_message(taken), conflicts=taken)
    pending_twin = overlapping(
        Exchange.objects.filter(listing=listing, initiator=initiator, status=ExchangeStatus.REQUESTED),
        start=period.start,
        end=period.end if period.end > period.start else period.start + timezone.timedelta(seconds=1),
    )
    if pending_twin.exists():
        raise ExchangeError(_("Vous avez déjà une demande en attente pour ces dates."), field="start")
    offer = listing.kind == Kind.OFFER
    exchange = Exchange.objects.create(
        listing=listing,
        initiator=initiator,
        provider=listing.author if offer else initiator,
        receiver=initiator if offer else listing.author,
        unit=listing.category.exchange_unit,
        start=period.start,
        end=period.end,
        seats=period.seats,
        created_at=now,
    )
    _post_to_thread(listing=listing, sender=initiator, initiator=initiator, body=message)
    _notify(exchange, "requested", to=listing.author)
    return exchange


# --- Answer ------------------------------------------------------------------------------------
@dataclass
class Acceptance:
    exchange: Exchange
    declined: list[Exchange] = field(default_factory=list)


@transaction.atomic
def exchange_accept(*, exchange: Exchange, by, now=None) -> Acceptance:
    """The annonce's author accepts a request that has not started. Locks the annonce's row (one
    acceptance at a time per annonce), then the trip's seats if it is one; checks that the dates
    are still free (or the seats left), then writes. The pending requests that now conflict are
    declined, each with a notice, and listed in the result. Raises ExchangeConflict when taken."""
    now = now or timezone.now()
    Listing.objects.select_for_update().filter(pk=exchange.listing_id).first()
    exchange = _locked(exchange)
    listing = exchange.listing
    if by.pk != listing.author_id:
        raise ForbiddenTransition(_("Seul l'auteur de l'annonce peut accepter."))
    if exchange.status != ExchangeStatus.REQUESTED:
        raise ForbiddenTransition(_("Cette demande n'est plus en attente."))
    if exchange.start <= now:
        raise ForbiddenTransition(_("Cette demande commence dans le passé : elle ne peut plus être acceptée."))
    period = Period(start=exchange.start, end=exchange.end, seats=exchange.seats)
    pending = Exchange.objects.filter(listing=listing, status=ExchangeStatus.REQUESTED).exclude(pk=exchange.pk)
    if exchange.unit == ExchangeUnit.SEATS:
        trip, _created = TripSeats.objects.get_or_create(
            listing=listing, defaults={"total": max(trip_total_seats(listing), 1)}
        )
        trip = TripSeats.objects.select_for_update().get(pk=trip.pk)
        trip.total = max(trip_total_seats(listing), trip.taken, 1)
        if trip.taken + exchange.seats > trip.total:
            raise ExchangeConflict(
                _("Il ne reste que %(left)s place(s) sur ce trajet.") % {"left": trip.left}, conflicts=[]
            )
        trip.taken += exchange.seats
        trip.save(update_fields=["total", "taken"])
        left = trip.total - trip.taken
        conflicting = [other for other in pending if other.seats > left]
    else:
        taken = list(holding_conflicts(listing, period))
        if taken:
            raise ExchangeConflict(_conflict_message(taken), conflicts=taken)
        conflicting = list(overlapping(pending, start=period.start, end=period.end))
    exchange.status = ExchangeStatus.ACCEPTED
    exchange.accepted_at = now
    try:
        with transaction.atomic():
            exchange.save(update_fields=["status", "accepted_at", "updated_at"])
    except IntegrityError as error:  # the exclusion constraint: only reached if a rule above is wrong
        raise ExchangeConflict(_("Ces dates viennent d'être prises."), conflicts=[]) from error
    _notify(exchange, "accepted", to=exchange.initiator)
    declined = [
        _close(other, ExchangeStatus.DECLINED, reason=_("Ces dates ont été accordées à un autre membre."), now=now)
        for other in conflicting
    ]
    for other in declined:
        _notify(other, "declined", to=other.initiator)
    return Acceptance(exchange=exchange, declined=declined)


def _close(exchange: Exchange, status: str, *, reason: str = "", by=None, now) -> Exchange:
    exchange.status = status
    exchange.closed_at = now
    fields = ["status", "closed_at", "updated_at"]
    if status == ExchangeStatus.DECLINED:
        exchange.decline_reason = reason[:300]
        fields.append("decline_reason")
    if status == ExchangeStatus.CANCELLED:
        exchange.cancel_reason, exchange.cancelled_by = reason[:300], by
        fields += ["cancel_reason", "cancelled_by"]
    exchange.save(update_fields=fields)
    return exchange


@transaction.atomic
def exchange_decline(*, exchange: Exchange, by, reason: str = "", now=None) -> Exchange:
    """The annonce's author declines a pending request (a reason is optional). Locks the exchange."""
    exchange = _locked(exchange)
    if by.pk != exchange.responder_id:
        raise ForbiddenTransition(_("Seul l'auteur de l'annonce peut refuser."))
    if exchange.status != ExchangeStatus.REQUESTED:
        raise ForbiddenTransition(_("Cette demande n'est plus en attente."))
    _close(exchange, ExchangeStatus.DECLINED, reason=reason.strip(), now=now or timezone.now())
    _notify(exchange, "declined", to=exchange.initiator)
    return exchange


@transaction.atomic
def exchange_withdraw(*, exchange: Exchange, by, now=None) -> Exchange:
    """The initiator takes back a request that has not been answered. Locks the exchange."""
    exchange = _locked(exchange)
    if by.pk != exchange.initiator_id:
        raise ForbiddenTransition(_("Seul le membre qui a fait la demande peut la retirer."))
    if exchange.status != ExchangeStatus.REQUESTED:
        raise ForbiddenTransition(_("Seule une demande en attente peut être retirée ; annulez-la plutôt."))
    _close(exchange, ExchangeStatus.WITHDRAWN, now=now or timezone.now())
    _notify(exchange, "withdrawn", to=exchange.listing.author)
    return exchange


@transaction.atomic
def exchange_cancel(*, exchange: Exchange, by, reason: str, now=None) -> Exchange:
    """Either side cancels an accepted exchange, saying why. Its dates (or seats) are free again.
    Locks the exchange, then the trip's seats."""
    exchange = _locked(exchange)
    if not exchange.is_party(by):
        raise ForbiddenTransition(_("Vous ne faites pas partie de cet échange."))
    if exchange.status != ExchangeStatus.ACCEPTED:
        raise ForbiddenTransition(_("Seul un échange accepté peut être annulé."))
    if not reason or not reason.strip():
        raise ExchangeError(_("Dites à l'autre membre pourquoi vous annulez."), field="reason")
    if exchange.unit == ExchangeUnit.SEATS:
        trip = TripSeats.objects.select_for_update().get(listing_id=exchange.listing_id)
        trip.taken = max(trip.taken - exchange.seats, 0)
        trip.save(update_fields=["taken"])
    _close(exchange, ExchangeStatus.CANCELLED, reason=reason.strip(), by=by, now=now or timezone.now())
    _notify(exchange, "cancelled", to=exchange.other_party(by))
    return exchange


@transaction.atomic
def exchange_complete(*, exchange: Exchange, by, now=None) -> Exchange:
    """Either side marks an accepted exchange done (« rendu », « trajet fait ») once it has
    started. Locks the exchange. Both may then review the other."""
    now = now or timezone.now()
    exchange = _locked(exchange)
    if not exchange.is_party(by):
        raise ForbiddenTransition(_("Vous ne faites pas partie de cet échange."))
    if exchange.status != ExchangeStatus.ACCEPTED:
        raise ForbiddenTransition(_("Seul un échange accepté peut être terminé."))
    if not exchange.has_started(now):
        raise ForbiddenTransition(_("L'échange n'a pas encore commencé."))
    exchange.status = ExchangeStatus.COMPLETED
    exchange.completed_at, exchange.completed_by = now, by
    exchange.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    _notify(exchange, "completed", to=exchange.other_party(by))
    return exchange


def exchanges_expire(*, now=None) -> int:
    """Beat: requests unanswered for EXCHANGE_REQUEST_DAYS, or whose start has come, expire; the
    member who asked is told (the author, who did not answer, is not). Each row is locked and
    re-checked, so running twice expires nothing twice."""
    now = now or timezone.now()
    stale = Q(created_at__lte=now - settings.EXCHANGE_REQUEST_TTL) | Q(start__lte=now)
    expired = 0
    for pk in Exchange.objects.filter(stale, status=ExchangeStatus.REQUESTED).values_list("pk", flat=True):
        with transaction.atomic():
            exchange = Exchange.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if exchange is None or exchange.status != ExchangeStatus.REQUESTED:
                continue
            _close(exchange, ExchangeStatus.EXPIRED, now=now)
            _notify(exchange, "expired", to=exchange.initiator)
            expired += 1
    return expired


# --- The hand-over --------------------------------------------------------------------------------
@transaction.atomic
def exchange_set_handover(*, exchange: Exchange, by, place: str, at=None, note: str = "", now=None) -> Exchange:
    """Either side of an accepted exchange records where and when things change hands. « Au Club »
    only at the venue's opening hours, never on a day it is closed. Locks the exchange."""
    from venue.selectors import venue_current

    now = now or timezone.now()
    exchange = _locked(exchange)
    if not exchange.is_party(by):
        raise ForbiddenTransition(_("Vous ne faites pas partie de cet échange."))
    if exchange.status != ExchangeStatus.ACCEPTED:
        raise ForbiddenTransition(_("La remise se convient une fois l'échange accepté."))
    if place not in HandoverPlace.values:
        raise ExchangeError(_("Choisissez un lieu de remise."), field="handover_place")
    if at is not None and at <= now:
        raise ExchangeError(_("Ce moment est passé."), field="handover_at")
    if place == HandoverPlace.CLUB:
        venue = venue_current()
        if at is None:
            raise ExchangeError(_("Indiquez le jour et l'heure de la remise au Club."), field="handover_at")
        if venue is None or not venue.opening_status(at).is_open:
            raise ExchangeError(
                _("Le Club est fermé à ce moment-là : choisissez un moment pendant ses heures d'ouverture."),
                field="handover_at",
            )
    exchange.handover_place, exchange.handover_at, exchange.handover_note = place, at, note.strip()[:200]
    exchange.save(update_fields=["handover_place", "handover_at", "handover_note", "updated_at"])
    _notify(exchange, "handover", to=exchange.other_party(by))
    return exchange


# --- Reminders ----------------------------------------------------------------------------------
def exchange_send_reminder(*, exchange_id: int, kind: str, send) -> bool:
    """Send one reminder ("start" or "return") once: the exchange's row is locked (skip_locked:
    another worker on it means it is being sent), `send(exchange)` runs, and only then is the
    reminder recorded, in the same transaction. A failed send rolls back and the next run retries;
    a recorded one is never sent again."""
    field_name = {"start": "start_reminded_at", "return": "return_reminded_at"}[kind]
    with transaction.atomic():
        exchange = (
            Exchange.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("listing__category", "provider__profile", "receiver__profile")
            .filter(pk=exchange_id, status=ExchangeStatus.ACCEPTED, **{f"{field_name}__isnull": True})
            .first()
        )
        if exchange is None:
            return False
        send(exchange)
        Exchange.objects.filter(pk=exchange.pk).update(**{field_name: timezone.now()})
    return True


# --- Blocked dates -------------------------------------------------------------------------------
@transaction.atomic
def blocked_period_add(*, listing: Listing, by, first_day, last_day) -> BlockedPeriod:
    """The author keeps days for themselves. Not over an accepted exchange (cancel it first).
    Locks the annonce, like acceptances, so a block and an acceptance cannot cross."""
    listing = Listing.objects.select_for_update().select_related("category").get(pk=listing.pk)
    if by.pk != listing.author_id:
        raise ForbiddenTransition(_("Seul l'auteur de l'annonce peut bloquer des dates."))
    if listing.category.exchange_unit != ExchangeUnit.DAYS:
        raise ExchangeError(_("Cette annonce ne se réserve pas par jours."), field="first_day")
    if last_day < first_day:
        raise ExchangeError(_("La fin doit être le même jour que le début ou après."), field="last_day")
    if first_day < timezone.localdate():
        raise ExchangeError(_("Cette date est passée."), field="first_day")
    period = Period(start=day_start(first_day), end=day_start(last_day + timezone.timedelta(days=1)))
    taken = list(holding_conflicts(listing, period))
    if taken:
        raise ExchangeConflict(_conflict_message(taken), conflicts=taken)
    return BlockedPeriod.objects.create(listing=listing, first_day=first_day, last_day=last_day)


def blocked_period_remove(*, period: BlockedPeriod, by) -> None:
    """The author frees days they had blocked."""
    if by.pk != period.listing.author_id:
        raise ForbiddenTransition(_("Seul l'auteur de l'annonce peut débloquer des dates."))
    period.delete()


def exchange_message_send(*, exchange: Exchange, sender, body: str) -> Message:
    """A party writes in the exchange's thread (the conversation of its annonce and initiator); the
    other side is e-mailed as for any message."""
    if not exchange.is_party(sender):
        raise ForbiddenTransition(_("Vous ne faites pas partie de cet échange."))
    try:
        conversation = messaging.conversation_for(listing=exchange.listing, member=exchange.initiator)
        return messaging.message_send(conversation=conversation, sender=sender, body=body)
    except ValidationError as error:
        raise ExchangeError(_("Le message est vide."), field="body") from error
    except PermissionDenied as error:
        raise ForbiddenTransition(str(error) or _("Impossible d'envoyer ce message.")) from error


def exchange_thread_mark_read(*, exchange: Exchange, user) -> None:
    """A party opened the exchange's page: its thread counts as read for them, as in the inbox."""
    from messaging.models import Conversation

    conversation = Conversation.objects.filter(listing=exchange.listing, starter=exchange.initiator).first()
    if conversation is not None and exchange.is_party(user):
        messaging.conversation_mark_read(conversation=conversation, user=user)
