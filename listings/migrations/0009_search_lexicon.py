"""The lexicon of indexed words for typo correction (listings.SearchWord): the table, a trigram
GIN index on PostgreSQL (pg_trgm is created by migration 0004) and the words of the annonces
already there. Nothing else happens on SQLite, where search does not correct typos."""

from django.db import migrations, models

FORWARD = [
    "CREATE INDEX IF NOT EXISTS listing_searchword_trgm ON listings_searchword USING gin (word gin_trgm_ops)",
    # Same words as services.listing_index_text adds for one annonce.
    """INSERT INTO listings_searchword (word)
        SELECT word FROM ts_stat($$SELECT to_tsvector('simple', club_unaccent(lower(title || ' ' || description)))
                                  FROM listings_listing$$)
        WHERE length(word) BETWEEN 3 AND 100 AND word !~ '[0-9]'
        ON CONFLICT DO NOTHING""",
]
BACKWARD = ["DROP INDEX IF EXISTS listing_searchword_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("listings", "0008_category_english_modeltranslation")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
            options={"verbose_name": "mot indexé", "verbose_name_plural": "mots indexés"},
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
