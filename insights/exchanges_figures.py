"""Exchanges: by state and by category, completed per month, share of requests accepted."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from exchanges.models import Exchange, ExchangeStatus

from .tables import Block, Figure, Table, month_label, share


def exchanges_block(period) -> Block:
    """Four queries whatever the number of exchanges. Requests are counted in the period they were
    made; completions in the period they were completed."""
    previous = period.previous()
    current = Q(created_at__gte=period.start, created_at__lt=period.end)
    before = Q(created_at__gte=previous.start, created_at__lt=previous.end)
    accepted = Q(accepted_at__isnull=False)
    totals = Exchange.objects.aggregate(
        requests=Count("pk", filter=current),
        requests_previous=Count("pk", filter=before),
        accepted=Count("pk", filter=current & accepted),
        accepted_previous=Count("pk", filter=before & accepted),
        completed=Count("pk", filter=Q(completed_at__gte=period.start, completed_at__lt=period.end)),
        completed_previous=Count("pk", filter=Q(completed_at__gte=previous.start, completed_at__lt=previous.end)),
    )
    in_period = Exchange.objects.filter(current)
    labels = dict(ExchangeStatus.choices)
    by_state = in_period.values("status").annotate(n=Count("pk")).order_by("-n", "status")
    by_category = (
        in_period.values("listing__category__name")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=ExchangeStatus.COMPLETED)))
        .order_by("-n", "listing__category__name")
    )
    completed_by_month = (
        Exchange.objects.filter(completed_at__gte=period.start, completed_at__lt=period.end)
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Block(
        key="exchanges",
        title=_("Échanges"),
        figures=[
            Figure(_("Demandes d'échange"), totals["requests"], totals["requests_previous"]),
            Figure(
                _("Part des demandes acceptées"),
                share(totals["accepted"], totals["requests"]),
                share(totals["accepted_previous"], totals["requests_previous"]),
                "%",
            ),
            Figure(_("Échanges terminés"), totals["completed"], totals["completed_previous"]),
        ],
        tables=[
            Table(
                key="exchanges-by-state",
                caption=_("Demandes de la période par état"),
                headers=[_("État"), _("Échanges")],
                rows=[[str(labels.get(r["status"], r["status"])), r["n"]] for r in by_state],
                chart_columns=[1],
            ),
            Table(
                key="exchanges-by-category",
                caption=_("Demandes de la période par catégorie"),
                headers=[_("Catégorie"), _("Échanges"), _("Terminés")],
                rows=[[r["listing__category__name"], r["n"], r["done"]] for r in by_category],
                chart_columns=[1, 2],
                chart_type="hbar",
            ),
            Table(
                key="exchanges-completed-by-month",
                caption=_("Échanges terminés par mois"),
                headers=[_("Mois"), _("Terminés")],
                rows=[[month_label(r["month"]), r["n"]] for r in completed_by_month],
                chart_columns=[1],
            ),
        ],
    )
