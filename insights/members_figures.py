"""Members: verified, awaiting review, new and active (logged in or acted) per month."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from members.models import MemberProfile, VerificationStatus

from .models import ActiveMemberDay, ActiveMemberMonth
from .rollup import ACTS, live_from, rolled_up_through
from .sql import month_start, month_start_of_day, month_text, rows
from .tables import Block, Figure, Table, month_label


def members_block(period) -> Block:
    """Four queries on PostgreSQL (three on SQLite) whatever the number of members."""
    previous = period.previous()
    in_period = Q(created_at__gte=period.start, created_at__lt=period.end)
    in_previous = Q(created_at__gte=previous.start, created_at__lt=previous.end)
    totals = MemberProfile.objects.aggregate(
        verified=Count("pk", filter=Q(verification_status=VerificationStatus.VERIFIED)),
        pending=Count("pk", filter=Q(verification_status=VerificationStatus.PENDING)),
        new=Count("pk", filter=in_period),
        new_previous=Count("pk", filter=in_previous),
    )
    new_by_month = {
        month_label(row["month"]): row["n"]
        for row in MemberProfile.objects.filter(in_period)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    }
    active = _active_members(period, previous)
    months = sorted(set(new_by_month) | {key for key in active if key[0].isdigit()})
    return Block(
        key="members",
        title=_("Membres"),
        figures=[
            Figure(_("Sociétaires vérifiés"), totals["verified"]),
            Figure(_("Vérifications en attente"), totals["pending"]),
            Figure(_("Nouveaux comptes"), totals["new"], totals["new_previous"]),
            Figure(_("Membres actifs"), active.get("current", 0), active.get("previous", 0)),
        ],
        tables=[
            Table(
                key="members-by-month",
                caption=_("Nouveaux comptes et membres actifs par mois"),
                headers=[_("Mois"), _("Nouveaux comptes"), _("Membres actifs")],
                rows=[[month, new_by_month.get(month, 0), active.get(month, 0)] for month in months],
                chart_columns=[1, 2],
            )
        ],
    )


def _active_members(period, previous) -> dict[str, int]:
    """Distinct members who logged in or acted (an annonce, a message, an exchange request, a
    booking), per month of the period, over the whole period ('current') and over the previous
    one ('previous'). One query, distinct across: the months of the days rolled up
    (ActiveMemberMonth, masked to each period's days), the days after them (ActiveMemberDay: the
    logins recorded) and the dated acts of those days."""
    through = rolled_up_through()
    parts, params = [], []
    if through:
        months, current_bits, previous_bits = _masks(period, previous)
        parts.append(
            "SELECT member_id AS uid, month::timestamp AS month, days & cur <> 0 AS cur, days & prev <> 0 AS prev "  # noqa: S608
            f"FROM {ActiveMemberMonth._meta.db_table} "
            "JOIN unnest(%s::date[], %s::int[], %s::int[]) AS masks (month, cur, prev) USING (month) "
            "WHERE days & (cur | prev) <> 0"
        )
        params += [months, current_bits, previous_bits]
    parts.append(
        f"SELECT DISTINCT member_id AS uid, {month_start_of_day('day')} AS month, day >= %s AS cur, day < %s AS prev "  # noqa: S608
        f"FROM {ActiveMemberDay._meta.db_table} WHERE day > %s AND day >= %s AND day <= %s"
    )
    params += [period.first_day, period.first_day, through or dt.date.min, previous.first_day, period.last_day]
    # Each kind of act is first reduced to distinct (member, month, period): the month is
    # computed once per act, and the counts run over a few rows per member.
    for model, who, at in ACTS:
        parts.append(
            f"SELECT DISTINCT {who}, {month_start(at)}, {at} >= %s, {at} < %s FROM {model._meta.db_table} "  # noqa: S608
            f"WHERE {who} IS NOT NULL AND {at} >= %s AND {at} < %s"
        )
        params += [period.start, period.start, live_from(through, previous.start), period.end]
    sql = (
        f"WITH acts AS ({' UNION ALL '.join(parts)}), "  # noqa: S608 - built above from the models' names
        "members AS (SELECT COUNT(*) FILTER (WHERE cur) AS cur, COUNT(*) FILTER (WHERE prev) AS prev "
        "FROM acts GROUP BY uid) "
        f"SELECT {month_text('month')}, COUNT(DISTINCT uid) FROM acts WHERE cur GROUP BY month "
        "UNION ALL SELECT 'current', COUNT(*) FILTER (WHERE cur > 0) FROM members "
        "UNION ALL SELECT 'previous', COUNT(*) FILTER (WHERE prev > 0) FROM members"
    )
    return {month: n for month, n in rows(sql, params)}


def _masks(period, previous) -> tuple[list[dt.date], list[int], list[int]]:
    """The months of both periods (their first days) with, for each, the bits of its days in the
    period and in the previous one (see ActiveMemberMonth: its rows hold the days rolled up only)."""
    current = _bits(period.first_day, period.last_day)
    before = _bits(previous.first_day, previous.last_day)
    months = sorted(current.keys() | before.keys())
    return months, [current.get(m, 0) for m in months], [before.get(m, 0) for m in months]


def _bits(first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Each month that the days first..last touch, with the bits of those days (bit 0: the 1st)."""
    bits: dict[dt.date, int] = {}
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        bits[day.replace(day=1)] = bits.get(day.replace(day=1), 0) | 1 << (day.day - 1)
    return bits
