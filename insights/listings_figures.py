"""Annonces: by category and by month, offers against requests, the share with photos, the median
time to a first reply, and where they are (by département)."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from listings.models import Category, Kind, Listing, ListingPhoto
from messaging.models import Conversation, Message

from .models import ListingDay, ListingDepartmentDay
from .rollup import live_from, rolled_up_through
from .sql import is_postgres, median, rows
from .tables import Block, Figure, Table, month_label, share


def listings_block(period) -> Block:
    """Four queries on PostgreSQL (five on SQLite) whatever the number of annonces."""
    previous = period.previous()
    if is_postgres():
        totals, by_category, by_month, by_department = _counts_in_two_scans(period, previous)
    else:
        totals, by_category, by_month, by_department = _counts(period, previous)
    reply, reply_previous = first_reply_medians(period, previous)
    headers = [_("Annonces"), _("Offres"), _("Demandes")]
    return Block(
        key="listings",
        title=_("Annonces"),
        figures=[
            Figure(_("Annonces créées"), totals["total"], totals["total_previous"]),
            Figure(_("Offres"), totals["offers"]),
            Figure(_("Demandes"), totals["requests"]),
            Figure(
                _("Part avec photos"),
                share(totals["photos"], totals["total"]),
                share(totals["photos_previous"], totals["total_previous"]),
                "%",
            ),
            Figure(_("Délai médian de première réponse"), reply, reply_previous, "h"),
        ],
        tables=[
            Table(
                key="listings-by-category",
                caption=_("Annonces par catégorie"),
                headers=[_("Catégorie"), *headers],
                rows=[[r["category__name"], r["total"], r["offers"], r["requests"]] for r in by_category],
                chart_columns=[2, 3],
                chart_type="hbar",
            ),
            Table(
                key="listings-by-month",
                caption=_("Annonces par mois"),
                headers=[_("Mois"), *headers],
                rows=[[month_label(r["month"]), r["total"], r["offers"], r["requests"]] for r in by_month],
                chart_columns=[2, 3],
            ),
            Table(
                key="listings-by-department",
                caption=_("Annonces par département"),
                headers=[_("Département"), _("Annonces")],
                rows=[[r["department"], r["total"]] for r in by_department],
                chart_columns=[1],
            ),
        ],
    )


def _counts_in_two_scans(period, previous):
    """PostgreSQL: every count of the block from the daily aggregates of the days rolled up
    (ListingDay, ListingDepartmentDay) and the annonces of the days after them (from the index
    listing_created_figures), added up: the totals, by category (with its name) and by month
    grouped at once (GROUPING SETS), then by département. Two queries."""
    through = rolled_up_through()
    rolled_up = min(through, period.last_day) if through else dt.date.min
    listings, photos = Listing._meta.db_table, ListingPhoto._meta.db_table
    live = f"FROM {listings} WHERE created_at >= %(live)s AND created_at < %(end)s"
    sql = (
        "WITH l AS (SELECT day, category_id, kind, with_photo AS photo, count AS n "  # noqa: S608
        f"FROM {ListingDay._meta.db_table} WHERE day >= %(previous)s AND day <= %(rolled_up)s "
        "UNION ALL SELECT (created_at AT TIME ZONE 'Europe/Paris')::date, category_id, kind, "
        f"id IN (SELECT listing_id FROM {photos}), 1 {live}), "
        "g AS (SELECT GROUPING(category_id, month) AS grouping, category_id, month, "
        "SUM(n) FILTER (WHERE cur) AS total, SUM(n) FILTER (WHERE cur AND kind = %(offer)s) AS offers, "
        "SUM(n) FILTER (WHERE cur AND kind = %(request)s) AS requests, SUM(n) FILTER (WHERE NOT cur), "
        "SUM(n) FILTER (WHERE cur AND photo), SUM(n) FILTER (WHERE NOT cur AND photo) "
        "FROM (SELECT *, day >= %(first)s AS cur, to_char(day, 'YYYY-MM') AS month FROM l) AS l "
        "GROUP BY GROUPING SETS ((), (category_id), (month))) "
        f"SELECT g.*, c.name FROM g LEFT JOIN {Category._meta.db_table} c ON c.id = g.category_id"
    )
    params = {
        "offer": Kind.OFFER,
        "request": Kind.REQUEST,
        "first": period.first_day,
        "previous": previous.first_day,
        "rolled_up": rolled_up,
        "live": live_from(through, previous.start),
        "end": period.end,
    }
    totals = {key: 0 for key in ("total", "offers", "requests", "total_previous", "photos", "photos_previous")}
    by_category, by_month = [], []
    for grouping, _category_id, month, *numbers, name in rows(sql, params):
        total, offers, requests, *more = (n or 0 for n in numbers)
        counts = {"total": total, "offers": offers, "requests": requests}
        if grouping == 3:  # the () set: every annonce of both periods
            totals = {**counts, "total_previous": more[0], "photos": more[1], "photos_previous": more[2]}
        elif not total:  # a category or month seen only in the period before
            continue
        elif grouping == 1:  # grouped by category (the month rolled up)
            by_category.append({"category__name": name or "", **counts})
        else:
            by_month.append({"month": month, **counts})
    by_category.sort(key=lambda r: (-r["total"], r["category__name"]))
    by_month.sort(key=lambda r: r["month"])
    sql = (
        "SELECT department, SUM(n) AS total FROM (SELECT department, count AS n "  # noqa: S608
        f"FROM {ListingDepartmentDay._meta.db_table} WHERE day >= %(first)s AND day <= %(rolled_up)s "
        f"UNION ALL SELECT department, 1 {live}) AS d GROUP BY department ORDER BY total DESC, department"
    )
    params = {**params, "live": live_from(through, period.start)}
    by_department = [{"department": department, "total": total} for department, total in rows(sql, params)]
    return totals, by_category, by_month, by_department


def _counts(period, previous):
    """SQLite (make run): the same counts, one query per grouping."""
    current = Q(created_at__gte=period.start, created_at__lt=period.end)
    before = Q(created_at__gte=previous.start, created_at__lt=previous.end)
    offer, request = Q(kind=Kind.OFFER), Q(kind=Kind.REQUEST)
    with_photo = Q(pk__in=ListingPhoto.objects.values("listing_id"))
    totals = Listing.objects.filter(created_at__gte=previous.start, created_at__lt=period.end).aggregate(
        total=Count("pk", filter=current),
        total_previous=Count("pk", filter=before),
        offers=Count("pk", filter=current & offer),
        requests=Count("pk", filter=current & request),
        photos=Count("pk", filter=current & with_photo),
        photos_previous=Count("pk", filter=before & with_photo),
    )
    in_period = Listing.objects.filter(current)
    counts = {"total": Count("pk"), "offers": Count("pk", filter=offer), "requests": Count("pk", filter=request)}
    by_category = in_period.values("category__name").annotate(**counts).order_by("-total", "category__name")
    by_month = in_period.annotate(month=TruncMonth("created_at")).values("month").annotate(**counts).order_by("month")
    by_department = in_period.values("department").annotate(total=Count("pk")).order_by("-total", "department")
    return totals, list(by_category), list(by_month), list(by_department)


def first_reply_medians(period, previous) -> tuple[float | None, float | None]:
    """Median hours from the start of a conversation to the annonce's author's first message in
    it, for the conversations started in each period (never answered ones left out). One query."""
    conversations, messages, listings = (m._meta.db_table for m in (Conversation, Message, Listing))
    if is_postgres():
        sql = (
            "WITH firsts AS (SELECT c.created_at AS started, "  # noqa: S608 - table names from the models
            f"(SELECT MIN(m.created_at) FROM {messages} m WHERE m.conversation_id = c.id "
            "AND m.sender_id = l.author_id) AS replied "
            f"FROM {conversations} c JOIN {listings} l ON l.id = c.listing_id "
            "WHERE c.created_at >= %s AND c.created_at < %s) "
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM replied - started)) "
            "FILTER (WHERE started >= %s), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM replied - started)) "
            "FILTER (WHERE started < %s) FROM firsts WHERE replied IS NOT NULL"
        )
        current, before = rows(sql, [previous.start, period.end, period.start, period.start])[0]
        return _hours(current), _hours(before)
    # SQLite (make run): the durations of both periods, the median in Python.
    from django.db.models import Min, OuterRef, Subquery

    first = (
        Message.objects.filter(conversation=OuterRef("pk"), sender=OuterRef("listing__author"))
        .order_by()
        .values("conversation")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    pairs = (
        Conversation.objects.filter(created_at__gte=previous.start, created_at__lt=period.end)
        .annotate(replied=Subquery(first))
        .filter(replied__isnull=False)
        .values_list("created_at", "replied")
    )
    durations = [(started, (replied - started).total_seconds()) for started, replied in pairs]
    return (
        _hours(median([d for started, d in durations if started >= period.start])),
        _hours(median([d for started, d in durations if started < period.start])),
    )


def _hours(seconds) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 1)
