"""Events of the period (by their start): bookings, attendance (checked in / confirmed), no-shows
and waiting-list pressure per event type and per month; the fullest and the emptiest events."""

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Booking, BookingStatus, Event, EventStatus

from .tables import Block, Figure, Table, month_label, share

TOP = 5


def _booking_counts(within=None, suffix=""):
    within = within or Q()
    confirmed = within & Q(status=BookingStatus.CONFIRMED)
    waiting = within & Q(status=BookingStatus.WAITING)
    return {
        f"confirmed{suffix}": Count("pk", filter=confirmed),
        f"checked_in{suffix}": Count("pk", filter=confirmed & Q(checked_in_at__isnull=False)),
        # A confirmed booking of an event that is over, nobody checked in: a no-show.
        f"no_shows{suffix}": Count(
            "pk", filter=confirmed & Q(checked_in_at__isnull=True, event__ends_at__lt=timezone.now())
        ),
        f"waiting{suffix}": Count("pk", filter=waiting),
        f"waiting_seats{suffix}": Sum("seats", filter=waiting, default=0),
    }


def _row(label, r):
    return [
        label,
        r["confirmed"],
        r["checked_in"],
        share(r["checked_in"], r["confirmed"]),
        r["no_shows"],
        r["waiting"],
        r["waiting_seats"],
    ]


def events_block(period) -> Block:
    """Five queries whatever the number of events and bookings."""
    previous = period.previous()
    bookings = Booking.objects.filter(event__starts_at__gte=previous.start, event__starts_at__lt=period.end)
    current = Q(event__starts_at__gte=period.start)
    counts = _booking_counts()
    totals = bookings.aggregate(**_booking_counts(current), **_booking_counts(~current, "_previous"))
    in_period = bookings.filter(current)
    by_type = in_period.values("event__type__name").annotate(**counts).order_by("-confirmed", "event__type__name")
    by_month = (
        in_period.annotate(month=TruncMonth("event__starts_at")).values("month").annotate(**counts).order_by("month")
    )
    events = Event.objects.filter(
        starts_at__gte=period.start, starts_at__lt=period.end, capacity__gt=0, status=EventStatus.PUBLISHED
    ).annotate(fill=Cast(F("seats_confirmed"), FloatField()) / F("capacity"))
    fullest = list(events.order_by("-fill", "starts_at")[:TOP])
    emptiest = list(events.order_by("fill", "starts_at")[:TOP])
    headers = [
        _("Réservations confirmées"),
        _("Arrivées"),
        _("Taux de présence (%)"),
        _("Absents"),
        _("En liste d'attente"),
        _("Places demandées en attente"),
    ]
    event_headers = [_("Évènement"), _("Date"), _("Places"), _("Confirmées"), _("Remplissage (%)")]
    return Block(
        key="events",
        title=_("Évènements"),
        figures=[
            Figure(_("Réservations confirmées"), totals["confirmed"], totals["confirmed_previous"]),
            Figure(
                _("Taux de présence"),
                share(totals["checked_in"], totals["confirmed"]),
                share(totals["checked_in_previous"], totals["confirmed_previous"]),
                "%",
            ),
            Figure(_("Absents"), totals["no_shows"], totals["no_shows_previous"]),
            Figure(_("En liste d'attente"), totals["waiting"], totals["waiting_previous"]),
        ],
        tables=[
            Table(
                key="events-by-type",
                caption=_("Réservations par type d'évènement"),
                headers=[_("Type"), *headers],
                rows=[_row(r["event__type__name"], r) for r in by_type],
                chart_columns=[1, 2, 4, 5],
                chart_type="hbar",
            ),
            Table(
                key="events-by-month",
                caption=_("Réservations par mois"),
                headers=[_("Mois"), *headers],
                rows=[_row(month_label(r["month"]), r) for r in by_month],
                chart_columns=[1, 2, 4, 5],
            ),
            Table(
                key="events-fullest",
                caption=_("Les évènements les plus remplis"),
                headers=event_headers,
                rows=[_event_row(e) for e in fullest],
            ),
            Table(
                key="events-emptiest",
                caption=_("Les évènements les moins remplis"),
                headers=event_headers,
                rows=[_event_row(e) for e in emptiest],
            ),
        ],
    )


def _event_row(event):
    local = timezone.localtime(event.starts_at)
    fill = round(100 * event.fill, 1)
    return [event.title, local.strftime("%Y-%m-%d %H:%M"), event.capacity, event.seats_confirmed, fill]
