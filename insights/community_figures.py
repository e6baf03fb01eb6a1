"""Proposals and their support, groups and their activity, and the partners' offers members were
shown (venue.PartnerOfferViews, an anonymised daily counter)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from community.models import Group, Membership, MembershipStatus, Post, Proposal, ProposalState, ProposalSupport
from venue.models import PartnerOfferViews

from .sql import month_of, rows
from .tables import Block, Figure, Table

TOP = 5


def community_block(period) -> Block:
    """Seven queries whatever the number of proposals, groups, posts and partners."""
    previous = period.previous()
    acts = _group_acts(period, previous)
    return Block(
        key="community",
        title=_("Propositions, groupes et partenaires"),
        figures=[*_proposal_figures(period, previous), *_group_figures(acts), _offers_figure(period, previous)],
        tables=[*_proposal_tables(period), *_group_tables(period, acts), _offers_table(period)],
    )


def _proposal_figures(period, previous) -> list[Figure]:
    """Proposals made in each period, and supports given in each period (to any proposal)."""
    current = Q(created_at__gte=period.start)
    span = {"created_at__gte": previous.start, "created_at__lt": period.end}
    made = Proposal.objects.filter(**span).aggregate(
        n=Count("pk", filter=current), n_previous=Count("pk", filter=~current)
    )
    given = ProposalSupport.objects.filter(**span).aggregate(
        n=Count("pk", filter=current), n_previous=Count("pk", filter=~current)
    )
    return [
        Figure(_("Propositions"), made["n"], made["n_previous"]),
        Figure(_("Soutiens donnés"), given["n"], given["n_previous"]),
    ]


def _proposal_tables(period) -> list[Table]:
    in_period = Proposal.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    labels = dict(ProposalState.choices)
    by_state = (
        in_period.values("state")
        .annotate(n=Count("pk"), supports=Sum("support_count", default=0))
        .order_by("-n", "state")
    )
    most = in_period.order_by("-support_count", "created_at", "pk").values_list("title", "state", "support_count")[:TOP]
    return [
        Table(
            key="community-proposals-by-state",
            caption=_("Propositions de la période par état"),
            headers=[_("État"), _("Propositions"), _("Soutiens")],
            rows=[[str(labels.get(r["state"], r["state"])), r["n"], r["supports"]] for r in by_state],
            chart_columns=[1, 2],
        ),
        Table(
            key="community-proposals-most-supported",
            caption=_("Les propositions les plus soutenues"),
            headers=[_("Proposition"), _("État"), _("Soutiens")],
            rows=[[title, str(labels.get(state, state)), n] for title, state, n in most],
        ),
    ]


def _group_acts(period, previous) -> dict[str, tuple]:
    """New groups, posts (replies included), new members (memberships accepted) and active groups
    (with a post), per month of the period and over each whole period ('current', 'previous').
    One query over the union of the dated acts of both periods."""
    acts = [
        ("g", Group._meta.db_table, "id", "created_at", ""),
        ("p", Post._meta.db_table, "group_id", "created_at", ""),
        ("m", Membership._meta.db_table, "group_id", "joined_at", f" AND status = '{MembershipStatus.ACTIVE}'"),
    ]
    union = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {who} AS gid, {at} AS at FROM {table} "  # noqa: S608 - names from the models
        f"WHERE {at} >= %s AND {at} < %s{extra}"
        for kind, table, who, at, extra in acts
    )
    counts = (
        "SUM(CASE WHEN kind = 'g' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'p' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN kind = 'm' THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN kind = 'p' THEN gid END)"
    )
    sql = (
        f"WITH acts AS ({union}) "  # noqa: S608 - built above from the models' names
        f"SELECT {month_of('at')} AS month, {counts} FROM acts WHERE at >= %s GROUP BY 1 "
        f"UNION ALL SELECT 'current', {counts} FROM acts WHERE at >= %s "
        f"UNION ALL SELECT 'previous', {counts} FROM acts WHERE at < %s"
    )
    params = [previous.start, period.end] * len(acts) + [period.start] * 3
    return {month: tuple(int(n or 0) for n in numbers) for month, *numbers in rows(sql, params)}


def _group_figures(acts) -> list[Figure]:
    now, before = acts.get("current", (0, 0, 0, 0)), acts.get("previous", (0, 0, 0, 0))
    return [
        Figure(_("Nouveaux groupes"), now[0], before[0]),
        Figure(_("Groupes actifs"), now[3], before[3]),
        Figure(_("Messages dans les groupes"), now[1], before[1]),
        Figure(_("Nouveaux membres des groupes"), now[2], before[2]),
    ]


def _group_tables(period, acts) -> list[Table]:
    months = sorted(key for key in acts if key[0].isdigit())
    busiest = (
        Post.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .values("group_id", "group__name")
        .annotate(n=Count("pk"), writers=Count("author", distinct=True))
        .order_by("-n", "group__name")[:TOP]
    )
    return [
        Table(
            key="community-groups-by-month",
            caption=_("Activité des groupes par mois"),
            headers=[
                _("Mois"),
                _("Nouveaux groupes"),
                _("Messages"),
                _("Nouveaux membres"),
                _("Groupes actifs"),
            ],
            rows=[[month, *acts[month]] for month in months],
            chart_columns=[1, 2, 3, 4],
        ),
        Table(
            key="community-groups-most-active",
            caption=_("Les groupes les plus actifs"),
            headers=[_("Groupe"), _("Messages"), _("Auteurs")],
            rows=[[r["group__name"], r["n"], r["writers"]] for r in busiest],
        ),
    ]


def _offers_figure(period, previous) -> Figure:
    views = PartnerOfferViews.objects.filter(day__gte=previous.first_day, day__lte=period.last_day).aggregate(
        n=Sum("offers", filter=Q(day__gte=period.first_day), default=0),
        n_previous=Sum("offers", filter=Q(day__lt=period.first_day), default=0),
    )
    return Figure(_("Offres de partenaires affichées"), views["n"], views["n_previous"])


def _offers_table(period) -> Table:
    by_partner = (
        PartnerOfferViews.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
        .values("partner__name")
        .annotate(offers=Sum("offers"), pages=Sum("pages"))
        .order_by("-offers", "partner__name")
    )
    return Table(
        key="community-partner-offers-seen",
        caption=_("Offres de partenaires vues, par partenaire"),
        headers=[_("Partenaire"), _("Offres affichées"), _("Pages montrant ses offres")],
        rows=[[r["partner__name"], r["offers"], r["pages"]] for r in by_partner],
        chart_columns=[1, 2],
        chart_type="hbar",
        note=_("Comptées à l'affichage de la page des offres et de l'API, sans savoir qui les a vues."),
    )
