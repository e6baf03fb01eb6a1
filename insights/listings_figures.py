"""Annonces: by category and by month, offers against requests, the share with photos, the median
time to a first reply, and where they are (by département)."""

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, When
from django.db.models.functions import Substr, TruncMonth
from django.utils.translation import gettext as _

from listings.models import Kind, Listing, ListingPhoto
from messaging.models import Conversation, Message

from .sql import is_postgres, median, rows
from .tables import Block, Figure, Table, month_label, share


def listings_block(period) -> Block:
    """Six queries whatever the number of annonces."""
    previous = period.previous()
    current = Q(created_at__gte=period.start, created_at__lt=period.end)
    before = Q(created_at__gte=previous.start, created_at__lt=previous.end)
    offer, request = Q(kind=Kind.OFFER), Q(kind=Kind.REQUEST)
    with_photo = Q(Exists(ListingPhoto.objects.filter(listing=OuterRef("pk"))))
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
    by_department = (
        in_period.annotate(
            department=Case(
                When(postcode__startswith="97", then=Substr("postcode", 1, 3)),
                When(postcode__startswith="98", then=Substr("postcode", 1, 3)),
                default=Substr("postcode", 1, 2),
                output_field=CharField(),
            )
        )
        .values("department")
        .annotate(total=Count("pk"))
        .order_by("-total", "department")
    )
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
