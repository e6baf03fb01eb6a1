"""French full-text search on PostgreSQL: the unaccent extension, a `french_unaccent` text search
configuration (unaccent, then the French stemmer) and a GIN index on Listing.search_vector.
Nothing happens on SQLite, where search falls back to icontains."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS listing_search_vector_gin ON listings_listing USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS listing_search_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
