"""Reads about annonces that carry a rule. Each returns a queryset with what its page needs
already joined or prefetched, so a page costs a fixed number of queries."""

import math
from contextlib import contextmanager

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.functional import cached_property

from members.models import User
from messaging.models import Conversation

from . import cards, geo, nearest
from .models import Category, Favourite, Listing, ListingPhoto, Report, Status


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def _base() -> QuerySet[Listing]:
    return Listing.objects.select_related("category", "author__profile")


def listings_visible_to(user) -> QuerySet[Listing]:
    """What search shows: published annonces of active authors. Hidden, paused, closed, expired
    and draft annonces never appear in search, even to their author (they see them in « Mes annonces »).
    « Active author » is written as « no deactivated author »: an anti-join on the partial index of
    the few deactivated accounts (members' `user_inactive`) instead of reading the account of every
    candidate row (a thousand for the count of a dense circle)."""
    deactivated = User.objects.filter(pk=OuterRef("author_id"), is_active=False)
    return _base().filter(~Exists(deactivated), status=Status.PUBLISHED)


def _is_favourite(user) -> Exists:
    """Whether `user` keeps the annonce of the row as a favourite (a subquery, no extra query)."""
    return Exists(Favourite.objects.filter(user=user, listing=OuterRef("pk")))


def listings_for_cards(queryset: QuerySet[Listing], *, user) -> QuerySet[Listing]:
    """Add what a result card shows: the first photo (one prefetch query) and whether the
    member keeps it as a favourite (a subquery, no extra query)."""
    return (
        queryset.prefetch_related(
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "id"), to_attr="photo_list")
        )
        .annotate(is_favourite=_is_favourite(user))
        .defer("search_vector")  # cards never show it; a tsvector is the widest column of the row
    )


SEARCH_COUNT_CAP = 1000  # beyond it the page says « plus de 1 000 annonces »
# Fewer results than this are sorted whole (a few hundred rows, found by their own filters: the
# text index…); more are read nearest-first from the GiST index.
NEAREST_FROM = 200


class EarlyCountPaginator(Paginator):
    """Counts no further than it needs: at most `cap` rows (one more to know whether there are
    more), or as deep as the page asked for, so the count of a dense circle (25 km around Paris:
    thousands of annonces) reads a thousand index entries, not all of them. `capped` says whether
    rows remain beyond `limit`; then the pages go one past it, and the next page asked counts
    further, so every page stays reachable."""

    def __init__(self, object_list, per_page, *, number=None, cap: int | None = None):
        super().__init__(object_list, per_page)
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        self.limit = max(SEARCH_COUNT_CAP if cap is None else cap, wanted * per_page)
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[: self.limit + 1].count()
        self.capped = found > self.limit
        return found

    def found_ids(self) -> list[int]:
        """The ids of the results in their order, as far as the count goes, in one query that
        gives the count too. For a search that must find every match anyway to sort it (by words:
        the rank, or the distance of a few hundred matches), instead of a count and a page that
        each filter the whole table again."""
        ids = list(self.object_list.values_list("pk", flat=True)[: self.limit + 1])
        self.capped = len(ids) > self.limit
        self.__dict__["count"] = len(ids)
        return ids


@contextmanager
def _search_memory():
    """Let the search's queries sort and build bitmaps in SEARCH_WORK_MEM (PostgreSQL's default
    4 MB turns the bitmap of a dense circle lossy at a million annonces: every row of its pages is
    then checked again), and plan each query for its own place and words: a prepared statement's
    generic plan (club.settings: prepared statements) would be one plan for every circle, dense or
    empty. SET LOCAL: the connection's own settings come back at the transaction's end."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('work_mem', %s, true), set_config('plan_cache_mode', 'force_custom_plan', true)",
                [settings.SEARCH_WORK_MEM],
            )
        yield


def listings_search_page(
    queryset: QuerySet[Listing], *, user, number, per_page: int, point=None, nearest_in=None, by_text=False
) -> Page:
    """One page of search results, filtered and ordered by `queryset`, as cards.

    The count stops early (EarlyCountPaginator). The ids of the page's rows are found first, then
    only those rows are read whole, by id, with the distance to `point` ((lat, lng), or None):
    - `by_text` (the words filter the rows): one query reads the ordered ids of every match up to
      the count's limit, giving the count and the page's ids at once;
    - else the count, then the page's ids. For a nearest-first search, `nearest_in` is its rows
      before the radius: on PostgreSQL, with more than NEAREST_FROM results, the ids then come
      from the nearest of those the GiST index gives (nearest.nearest_only) rather than from
      sorting every row of the circle.
    Queries: the ids and the count (one or two), the rows, and the photos of the cards not yet in
    the cache (listings.cards); on PostgreSQL one more sets the search's work_mem."""
    with _search_memory():
        paginator = EarlyCountPaginator(queryset, per_page, number=number)
        found = paginator.found_ids() if by_text else None
        page = paginator.get_page(number)
        bottom = (page.number - 1) * per_page
        if not paginator.count:
            ids = []
        elif found is not None:
            ids = found[bottom : bottom + per_page]
        else:
            rows = queryset
            if (
                nearest_in is not None
                and point
                and connection.vendor == "postgresql"
                and paginator.count > NEAREST_FROM
            ):
                rows = nearest.nearest_only(rows, nearest_in, lat=point[0], lng=point[1], first=bottom + per_page)
            ids = list(rows[bottom : bottom + per_page].values_list("pk", flat=True))
        page.object_list = _cards(ids, user=user, point=point)
    return page


def _cards(ids: list[int], *, user, point) -> list[Listing]:
    """The annonces `ids`, in that order, as result cards. Still published by an active author:
    they may have changed since their ids were read."""
    if not ids:
        return []
    rows = (
        listings_visible_to(user)
        .filter(pk__in=ids)
        .select_related(None)
        .select_related("category")  # a card names no author
        .annotate(is_favourite=_is_favourite(user))
        .defer("search_vector", "description")  # the widest columns; no card shows them
    )
    if point:
        rows = rows.annotate(distance_km=DistanceKm(*point))
    position = {pk: n for n, pk in enumerate(ids)}
    listings = sorted(rows, key=lambda listing: position[listing.pk])
    cards.attach_cards(listings)  # photos read only for the cards not in the cache
    return listings


def _lng_between(west: float, east: float) -> Q:
    """Longitudes from `west` to `east` (degrees, may pass ±180): across the antimeridian, two ranges."""
    if east - west >= 360:
        return Q()
    if west < -180:
        return Q(lng__gte=west + 360) | Q(lng__lte=east)
    if east > 180:
        return Q(lng__gte=west) | Q(lng__lte=east - 360)
    return Q(lng__gte=west, lng__lte=east)


class DistanceKm(Func):
    """Great-circle kilometres from (lat0, lng0) to the row's (lat, lng): the haversine, as geo.haversine_km.
    One node with its SQL written out, rather than a tree of some twenty Func and Value nodes
    that every clone of the queryset copies and resolves again (a search clones it a dozen times).
    The SQL functions exist on PostgreSQL and, registered by Django, on SQLite."""

    output_field = FloatField()
    sql = (
        "(%s * ASIN(SQRT(POWER(SIN((RADIANS({lat}) - %s) / 2), 2)"
        " + (COS(%s) * COS(RADIANS({lat}))) * POWER(SIN((RADIANS({lng}) - %s) / 2), 2))))"
    )

    def __init__(self, lat0: float, lng0: float):
        super().__init__(F("lat"), F("lng"))
        self.centre = (math.radians(lat0), math.radians(lng0))

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lng, lng_params) = (compiler.compile(arg) for arg in self.get_source_expressions())
        if lat_params or lng_params:
            raise ValueError("DistanceKm reads two columns")
        phi0, lambda0 = self.centre
        return self.sql.format(lat=lat, lng=lng), [2 * geo.EARTH_RADIUS_KM, phi0, phi0, lambda0]


def with_distance(queryset: QuerySet[Listing], *, lat: float, lng: float, radius_km: float | None):
    """Keep annonces within `radius_km` of the point and annotate `distance_km`: the haversine
    formula in SQL (DistanceKm), after a cheap indexed pre-filter that can only keep more rows
    than the circle: a bounding box on lat/lng (two across the antimeridian), answered by the
    partial indexes on (lat, lng…) and (category, lat, lng) of published annonces. The planner
    estimates a lat/lng range from the columns' statistics, so it can weigh the box against the
    text index or a point's annonces. (earthdistance's cube would answer the box from the GiST
    index too, but the planner assumes it keeps 0.1 % of the rows whatever its size: at a million
    annonces it then read the 130 000 around Paris to check their words one by one.) The GiST
    index still gives the nearest rows first (nearest.nearest_only).
    Filtering, ordering and pagination all happen in the database."""
    if radius_km:
        min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, radius_km)
        queryset = queryset.filter(_lng_between(min_lng, max_lng), lat__gte=min_lat, lat__lte=max_lat)
    queryset = queryset.annotate(distance_km=DistanceKm(lat, lng))
    if radius_km:
        queryset = queryset.filter(distance_km__lte=radius_km)
    return queryset


def _readable_by(user, *, photos: bool = True) -> QuerySet[Listing]:
    queryset = _base().prefetch_related("photos") if photos else _base()
    if not user.is_staff:
        queryset = queryset.filter(Q(author=user) | Q(status=Status.PUBLISHED, author__is_active=True))
    return queryset


def access_listing(user, pk) -> Listing:
    """The annonce `pk` if `user` may read it, else 404. Others see published annonces of active
    authors; the author sees all of theirs (hidden included); staff see everything."""
    listing = _readable_by(user).filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _mine_on_the_row(model, viewer: str, *, select: str = "", where: str = "") -> str:
    """SQL of a subquery on `model`'s rows of the viewer (its column `viewer` = %s) for the
    annonce's row: EXISTS, or the first `select` column. Names from _meta only; values are
    parameters (hence the S608 exemption)."""
    of_row = f"{_column(model, 'listing')} = {_table(Listing)}.{_column(Listing, 'id')}"
    body = f"FROM {_table(model)} WHERE {_column(model, viewer)} = %s AND {of_row}{where}"  # noqa: S608
    return f"(SELECT {_column(model, select)} {body} LIMIT 1)" if select else f"EXISTS (SELECT 1 {body})"


def _viewer_facts(user) -> dict:
    """listing_for_detail's four facts about `user`, as SQL subqueries on the annonce's row.
    Written as RawSQL rather than Exists(queryset): the same SQL, but Django resolved and compiled
    the four inner querysets on every request, a good third of the page's Python time. Table and
    column names come from the models, so a renamed field fails here, not silently."""
    from exchanges.models import OPEN, Exchange  # exchanges builds on listings

    states = ", ".join(["%s"] * len(OPEN))
    open_request = _mine_on_the_row(Exchange, "initiator", where=f" AND {_column(Exchange, 'status')} IN ({states})")
    return {  # S611: RawSQL of _mine_on_the_row's text, the values as parameters
        "is_favourite": RawSQL(_mine_on_the_row(Favourite, "user"), (user.pk,), BooleanField()),  # noqa: S611
        "already_reported": RawSQL(_mine_on_the_row(Report, "reporter"), (user.pk,), BooleanField()),  # noqa: S611
        # One conversation per member and annonce (its one_conversation_per_member constraint).
        "my_conversation_id": RawSQL(  # noqa: S611
            _mine_on_the_row(Conversation, "starter", select="id"), (user.pk,), IntegerField()
        ),
        "has_open_request": RawSQL(open_request, (user.pk, *OPEN), BooleanField()),  # noqa: S611
    }


def listing_for_detail(user, pk) -> Listing:
    """access_listing's annonce (same rule, same 404) with what its page says about `user` in the
    same query: `is_favourite`, `already_reported`, `my_conversation_id` (or None) and
    `has_open_request` (an exchange request of theirs on it, waiting or accepted). Its photos are
    not read: the page's main column is cached (cards.detail_main reads them when it is not)."""
    rows = _readable_by(user, photos=False).filter(pk=pk).annotate(**_viewer_facts(user))
    listing = next(iter(rows.defer("search_vector")[:1]), None)  # the widest column; the page never shows it
    if listing is None:
        raise Http404
    return listing


def listing_hide_reasons(listing: Listing) -> list[str]:
    """Why moderation hid `listing`, for its author: the reasons (labels, no reporter, no text) of
    the reports behind the hide, i.e. the open ones while it waits for the team's review after
    enough reports, the ones the team acted on otherwise. Empty when staff hid it without a report,
    or when it is not hidden."""
    if listing.status != Status.HIDDEN:
        return []
    from .models import ReportReason, ReportStatus

    status = ReportStatus.OPEN if listing.hidden_by_reports else ReportStatus.ACTIONED
    reasons = set(listing.reports.filter(status=status).values_list("reason", flat=True))
    return [str(label) for value, label in ReportReason.choices if value in reasons]


def access_own_listing(user, pk) -> Listing:
    """The annonce `pk` if `user` wrote it, else 404 (also for staff: they moderate in the admin)."""
    listing = _base().prefetch_related("photos").filter(pk=pk, author=user).first()
    if listing is None:
        raise Http404
    return listing


def access_photo(user, pk) -> ListingPhoto:
    """A photo is readable exactly when its annonce is (access_listing's rule), else 404."""
    photo = ListingPhoto.objects.select_related("listing__author").filter(pk=pk).first()
    if photo is None:
        raise Http404
    listing = photo.listing
    if not (user.is_staff or listing.author_id == user.pk or (listing.is_public and listing.author.is_active)):
        raise Http404
    return photo


def listing_status_counts(user) -> dict[str, int]:
    """How many of `user`'s annonces are in each status (one query)."""
    rows = Listing.objects.filter(author=user).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def listings_of_author(user, *, status: str | None = None) -> QuerySet[Listing]:
    from exchanges.models import Exchange  # exchanges builds on listings

    queryset = Listing.objects.filter(author=user)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("category", "author__profile")  # the API shows the author's name
        .prefetch_related(
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "id"), to_attr="photo_list")
        )
        .annotate(
            conversation_count=Count("conversations", distinct=True),
            has_exchanges=Exists(Exchange.objects.filter(listing=OuterRef("pk"))),
        )
        .defer("search_vector")
        .order_by("-updated_at")
    )


def favourites_of(user) -> QuerySet[Listing]:
    return listings_for_cards(listings_visible_to(user).filter(favourited_by__user=user), user=user).order_by(
        "-favourited_by__created_at"
    )
