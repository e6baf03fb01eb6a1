"""Members: verified, awaiting review, new and active (logged in or acted) per month."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from events.models import Booking
from exchanges.models import Exchange
from listings.models import Listing
from members.models import MemberProfile, User, VerificationStatus
from messaging.models import Message

from .sql import month_start, month_text, rows
from .tables import Block, Figure, Table, month_label


def members_block(period) -> Block:
    """Three queries whatever the number of members."""
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
    one ('previous'). One query over the union of the dated acts of both periods."""
    acts = [
        (Listing._meta.db_table, "author_id", "created_at"),
        (Message._meta.db_table, "sender_id", "created_at"),
        (Exchange._meta.db_table, "initiator_id", "created_at"),
        (Booking._meta.db_table, "user_id", "created_at"),
        (User._meta.db_table, "id", "last_login"),
    ]
    # Each kind of act is first reduced to distinct (member, month, in the period or not): the
    # month is computed once per act, and the counts run over a few rows per member.
    union = " UNION ".join(
        f"SELECT DISTINCT {who} AS uid, {month_start(at)} AS month, {at} >= %s AS cur FROM {table} "  # noqa: S608
        f"WHERE {who} IS NOT NULL AND {at} >= %s AND {at} < %s"
        for table, who, at in acts
    )
    sql = (
        f"WITH acts AS ({union}) "  # noqa: S608 - built above from the models' names
        f"SELECT {month_text('month')}, COUNT(DISTINCT uid) FROM acts WHERE cur GROUP BY month "
        "UNION ALL SELECT 'current', COUNT(DISTINCT uid) FROM acts WHERE cur "
        "UNION ALL SELECT 'previous', COUNT(DISTINCT uid) FROM acts WHERE NOT cur"
    )
    params = [period.start, previous.start, period.end] * len(acts)
    return {month: n for month, n in rows(sql, params)}
