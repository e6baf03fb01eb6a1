"""The dashboard's daily aggregates (issue 17): who was active each day, and the annonces created
each day by category × kind × photo and by département, computed once the day is over, so the
dashboard reads a few thousand rows instead of every act of both periods and counts live only
the days not rolled up yet (today). PostgreSQL only: on SQLite (make run) nothing is rolled up
and the dashboard counts everything live, with the same figures.

The days rolled up (RolledUpDay) run without a gap from the club's first act to the last day
rolled up: the first run takes everything, the next ones from the day after the last one."""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from events.models import Booking
from exchanges.models import Exchange
from listings.models import Listing, ListingPhoto
from members.models import User
from messaging.models import Message

from .models import ActiveMemberDay, ActiveMemberMonth, ListingDay, ListingDepartmentDay, RolledUpDay
from .sql import is_postgres

# Who acted, and when: the acts that make a member active (with the logins, User.last_login).
ACTS = [
    (Listing, "author_id", "created_at"),
    (Message, "sender_id", "created_at"),
    (Exchange, "initiator_id", "created_at"),
    (Booking, "user_id", "created_at"),
    (User, "id", "last_login"),
]


def midnight(day: dt.date) -> dt.datetime:
    """The start of a day in the site's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def rolled_up_through() -> dt.date | None:
    """The last day rolled up (every day before it is too), None when none is (always on SQLite)."""
    if not is_postgres():
        return None
    return RolledUpDay.objects.aggregate(last=Max("day"))["last"]


def live_from(through: dt.date | None, start: dt.datetime) -> dt.datetime:
    """Where the live counts of a range starting at `start` begin: after the last day rolled up."""
    return start if through is None else max(start, midnight(through + dt.timedelta(days=1)))


def rollup_closed_days(*, since: dt.date | None = None, today: dt.date | None = None) -> int:
    """Roll up the days over and not rolled up yet (all of them the first time), and from `since`
    on if given (to compute days again), up to yesterday. Returns how many days; 0 on SQLite."""
    if not is_postgres():
        return 0
    yesterday = (today or timezone.localdate()) - dt.timedelta(days=1)
    through = rolled_up_through()
    first = through + dt.timedelta(days=1) if through else _first_day_of_data() or yesterday
    if since:
        first = min(first, since)
    if first > yesterday:
        return 0
    rollup_days(first=first, last=yesterday)
    return (yesterday - first).days + 1


def _first_day_of_data() -> dt.date | None:
    starts = [model.objects.aggregate(first=Min(at))["first"] for model, _, at in ACTS]
    starts = [start for start in starts if start]
    return timezone.localdate(min(starts)) if starts else None


@transaction.atomic
def rollup_days(*, first: dt.date, last: dt.date) -> None:
    """(Re)compute the aggregates of the days first..last (Europe/Paris) from the source tables:
    the annonces' counts are deleted and inserted again, the active members are added (ON
    CONFLICT DO NOTHING: the logins recorded that day stay), then their months made again from
    them (up to the last day rolled up). Set-based SQL, one transaction, and idempotent: running
    it again on the same data changes nothing. PostgreSQL only."""
    start, end = midnight(first), midnight(last + dt.timedelta(days=1))
    through = max(last, rolled_up_through() or last)
    acts = " UNION ALL ".join(
        f"SELECT {who} AS uid, {at} AS at FROM {model._meta.db_table} "  # noqa: S608 - the models' names
        f"WHERE {who} IS NOT NULL AND {at} >= %(start)s AND {at} < %(end)s"
        for model, who, at in ACTS
    )
    listings, photos = Listing._meta.db_table, ListingPhoto._meta.db_table
    day = "(created_at AT TIME ZONE 'Europe/Paris')::date"
    in_days = "created_at >= %(start)s AND created_at < %(end)s"
    params = {
        "start": start,
        "end": end,
        "first": first,
        "last": last,
        "month": first.replace(day=1),
        "through": through,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ActiveMemberDay._meta.db_table} (day, member_id) "  # noqa: S608
            f"SELECT DISTINCT (at AT TIME ZONE 'Europe/Paris')::date, uid FROM ({acts}) AS acts "
            "ON CONFLICT (day, member_id) DO NOTHING",
            params,
        )
        cursor.execute(
            f"DELETE FROM {ActiveMemberMonth._meta.db_table} WHERE month >= %(month)s AND month <= %(through)s",  # noqa: S608
            params,
        )
        cursor.execute(
            f"INSERT INTO {ActiveMemberMonth._meta.db_table} (month, member_id, days) "  # noqa: S608
            "SELECT date_trunc('month', day::timestamp)::date, member_id, "
            "bit_or(1 << (extract(day FROM day)::int - 1)) "  # bit 0: the 1st
            f"FROM {ActiveMemberDay._meta.db_table} WHERE day >= %(month)s AND day <= %(through)s GROUP BY 1, 2",
            params,
        )
        for model in (ListingDay, ListingDepartmentDay, RolledUpDay):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE day >= %(first)s AND day <= %(last)s",  # noqa: S608
                params,
            )
        cursor.execute(
            f"INSERT INTO {ListingDay._meta.db_table} (day, category_id, kind, with_photo, count) "  # noqa: S608
            f"SELECT {day}, category_id, kind, id IN (SELECT listing_id FROM {photos}), COUNT(*) "
            f"FROM {listings} WHERE {in_days} GROUP BY 1, 2, 3, 4",
            params,
        )
        cursor.execute(
            f"INSERT INTO {ListingDepartmentDay._meta.db_table} (day, department, count) "  # noqa: S608
            f"SELECT {day}, department, COUNT(*) FROM {listings} WHERE {in_days} GROUP BY 1, 2",
            params,
        )
        cursor.execute(
            f"INSERT INTO {RolledUpDay._meta.db_table} (day, rolled_up_at) "  # noqa: S608
            "SELECT generate_series(%(first)s::date, %(last)s::date, '1 day')::date, now()",
            params,
        )
