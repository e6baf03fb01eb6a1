"""Distances in SQL for the search around a point.

PostgreSQL: earthdistance's points (`ll_to_earth(lat, lng)`, a 3-D point on a sphere of radius
`earth()` metres) and the partial GiST index `listing_published_earth` of migration 0010. The index
answers the radius with a cube that encloses the circle (`earth_box`) and the nearest-first order
with the KNN operator `<->` (straight-line distance through the Earth, which orders points exactly
as the great-circle distance does). The exact distance kept, filtered on, ordered by and shown is
still the haversine of selectors.with_distance, so the results are the same as without the index;
the index only decides which rows are read. SQLite has none of this (selectors.with_distance keeps
a bounding box on lat/lng there)."""

from django.db.models import BooleanField, FloatField, Func, Subquery, Value

from . import geo

# earthdistance's earth(): the radius, in metres, of the sphere ll_to_earth puts points on.
EARTH_SQL_RADIUS_M = 6378168.0
# Float rounding between Python, haversine and cube arithmetic: boxes are made this much wider
# (relative, then absolute in metres), so that they can only let in more candidates, never fewer.
_SLACK, _SLACK_M = 1e-9, 1.0


def box_half_side_m(radius_km: float) -> float:
    """Half the side of a cube around the centre that holds every point within `radius_km` of it
    (great circle on geo's sphere): a great-circle distance d is at least the chord on earth()'s
    sphere scaled back, d · earth() / EARTH_RADIUS_KM."""
    return radius_km * 1000 * EARTH_SQL_RADIUS_M / (geo.EARTH_RADIUS_KM * 1000) * (1 + _SLACK) + _SLACK_M


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


class InEarthBox(_Sql):
    """`earth_box(ll_to_earth(lat0, lng0), half_side) @> ll_to_earth(lat, lng)`: the point (lat,
    lng columns) lies in the cube around the centre; answered by the GiST index."""

    sql = "earth_box(ll_to_earth({2}, {3}), {4}) @> ll_to_earth({0}, {1})"
    output_field = BooleanField()

    def __init__(self, lat0: float, lng0: float, half_side):
        if not hasattr(half_side, "resolve_expression"):
            half_side = Value(float(half_side), output_field=FloatField())
        super().__init__(
            "lat",
            "lng",
            Value(float(lat0), output_field=FloatField()),
            Value(float(lng0), output_field=FloatField()),
            half_side,
        )


class ChordTo(_Sql):
    """`ll_to_earth(lat, lng) <-> ll_to_earth(lat0, lng0)`: straight-line metres, the KNN order."""

    sql = "(ll_to_earth({0}, {1}) <-> ll_to_earth({2}, {3}))"
    output_field = FloatField()

    def __init__(self, lat0: float, lng0: float):
        super().__init__(
            "lat", "lng", Value(float(lat0), output_field=FloatField()), Value(float(lng0), output_field=FloatField())
        )


class _FarthestOf(Subquery):
    """The largest `chord` of a subquery (NULL when it has no row)."""

    template = "(SELECT max(_nearest.chord) FROM (%(subquery)s) _nearest)"
    output_field = FloatField()


def nearest_only(queryset, *, lat: float, lng: float, first: int):
    """`queryset` (already filtered on the radius) kept to the rows no farther than its `first`
    nearest, read nearest-first from the GiST index (KNN) in a sub-select that PostgreSQL runs
    once: the page can then be ordered exactly as the query asks (distance, then newest) over a
    handful of rows instead of every row of the circle. Ties at the farthest distance all stay,
    so the first `first` rows in the query's own order are exactly those it would give alone."""
    knn = queryset.order_by().annotate(chord=ChordTo(lat, lng)).order_by("chord").values("chord")[:first]
    farthest = Func(_FarthestOf(knn), Value(1 + _SLACK), function="", arg_joiner=" * ", output_field=FloatField())
    half_side = Func(farthest, Value(_SLACK_M), function="", arg_joiner=" + ", output_field=FloatField())
    return queryset.filter(InEarthBox(lat, lng, half_side))
