"""Nearest-first search from an index on PostgreSQL: the `cube` and `earthdistance` extensions
(postgresql-contrib, like pg_trgm) and a partial GiST index on the published annonces' points as
earthdistance sees them (`ll_to_earth(lat, lng)`, a point in 3-D). The index answers both the
radius (`earth_box(centre, r) @> ll_to_earth(lat, lng)`) and the nearest-first order (the KNN
`<->` operator): see listings.selectors.with_distance and listings_search_page. Nothing happens on
SQLite, whose search keeps the bounding box on (lat, lng)."""

from django.db import migrations

# Not django.contrib.postgres' CreateExtension: unapplying it on SQLite queries pg_extension.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS cube",
    "CREATE EXTENSION IF NOT EXISTS earthdistance",
    """CREATE INDEX IF NOT EXISTS listing_published_earth ON listings_listing
        USING gist (ll_to_earth(lat, lng)) WHERE status = 'published'""",
]
BACKWARD = ["DROP INDEX IF EXISTS listing_published_earth"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("listings", "0010_listing_department_and_created_index")]

    # The extensions stay when going back, as CreateExtension leaves them when another user has them.
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
