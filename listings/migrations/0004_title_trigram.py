"""Typo- and prefix-tolerant title search on PostgreSQL: pg_trgm, an immutable unaccent wrapper
(unaccent() itself is only stable, so it cannot appear in an index) and a GIN trigram index on the
normalised title. Nothing happens on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD = [
    """CREATE OR REPLACE FUNCTION club_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    """CREATE INDEX IF NOT EXISTS listing_title_trgm
        ON listings_listing USING gin (club_unaccent(lower(title)) gin_trgm_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS listing_title_trgm",
    "DROP FUNCTION IF EXISTS club_unaccent(text)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("listings", "0003_categories")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
