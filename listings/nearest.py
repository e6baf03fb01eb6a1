"""The nearest annonces first, from an index, for the search around a point (PostgreSQL).

earthdistance's points (`ll_to_earth(lat, lng)`, a 3-D point on a sphere of radius `earth()`
metres) and the partial GiST index `listing_published_earth` of migration 0011 give the rows in
order of the KNN operator `<->` (straight-line distance through the Earth, which orders points
exactly as the great-circle distance does). The radius itself is a lat/lng box and the haversine
(selectors.with_distance); the distance kept, filtered on, ordered by and shown is that
haversine, so the results are the same as without the index: the index only decides which rows
are read. SQLite has none of this: it sorts the circle."""

from django.db.models import FloatField, Func, Value

# Float rounding between the straight-line and the great-circle distance: a row this close (relative,
# then absolute in metres) to the last of the nearest counts as tied with it.
_SLACK, _SLACK_M = 1e-9, 1.0


class _Sql(Func):
    """A Func whose SQL is a format string over its compiled arguments ({0}, {1}…)."""

    sql = ""

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for argument in self.get_source_expressions():
            part, part_params = compiler.compile(argument)
            parts.append(part)
            params.extend(part_params)
        return self.sql.format(*parts), params


class ChordTo(_Sql):
    """`ll_to_earth(lat, lng) <-> ll_to_earth(lat0, lng0)`: straight-line metres, the KNN order."""

    sql = "(ll_to_earth({0}, {1}) <-> ll_to_earth({2}, {3}))"
    output_field = FloatField()

    def __init__(self, lat0: float, lng0: float):
        super().__init__(
            "lat", "lng", Value(float(lat0), output_field=FloatField()), Value(float(lng0), output_field=FloatField())
        )


def nearest_only(queryset, unbounded, *, lat: float, lng: float, first: int):
    """`queryset` (already filtered on the radius) kept to a few rows that hold its `first`
    nearest in its own order (distance, then the newest, then the highest id), so that the page is
    sorted over those rather than over every row of the circle. Two queries:
    - the `first` nearest rows of `unbounded` (`queryset` before the radius: with the circle's box
      in the query the planner sorted the 44 000 annonces around Marseille rather than read the
      GiST index nearest-first), read nearest-first from the GiST index (KNN). Those nearer than
      the last of them are all there; any outside the circle are left out by `queryset` at the end;
    - at the point(s) of the last of them, the newest `first` rows (the index listing_published_point
      is ordered by point, then newest first). Annonces share points (a postcode's, a commune's):
      around Toulouse's postcode 18 000 annonces sit at the centre, and all of them tie; the KNN
      alone gives an arbitrary 20 of them and sorting the tie read all 18 000.
    Rows at another point exactly as far, to the float, as the last one would be missed: that
    needs two distinct points at the same distance to within a nanometre."""
    nearest = list(
        unbounded.order_by()
        .annotate(chord=ChordTo(lat, lng))
        .order_by("chord")
        .values_list("pk", "lat", "lng", "chord")[:first]
    )
    if len(nearest) < first:
        return queryset.filter(pk__in=[pk for pk, *_ in nearest])
    edge = nearest[-1][3] * (1 - _SLACK) - _SLACK_M
    ids = [pk for pk, _lat, _lng, chord in nearest if chord < edge]
    points = dict.fromkeys((row_lat, row_lng) for _pk, row_lat, row_lng, chord in nearest if chord >= edge)
    newest = [
        queryset.order_by().filter(lat=row_lat, lng=row_lng).order_by("-published_at", "-id").values_list("pk")[:first]
        for row_lat, row_lng in points
    ]
    newest = newest[0].union(*newest[1:], all=True) if len(newest) > 1 else newest[0]
    ids += [pk for (pk,) in newest]
    return queryset.filter(pk__in=ids)
