"""PostgreSQL refuses two accepted (or completed) exchanges of one annonce whose periods overlap:
an exclusion constraint over (annonce, [start, end)) with btree_gist. Trips (seats) are excluded:
their limit is TripSeats' check. SQLite relies on the service's lock and check alone."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

FORWARD = """
ALTER TABLE exchanges_exchange ADD CONSTRAINT exchange_no_overlapping_acceptances
    EXCLUDE USING gist (listing_id WITH =, tstzrange(start, "end", '[)') WITH &&)
    WHERE (status IN ('accepted', 'completed') AND unit <> 'seats')
"""
BACKWARD = "ALTER TABLE exchanges_exchange DROP CONSTRAINT IF EXISTS exchange_no_overlapping_acceptances"


class BtreeGistOnPostgres(BtreeGistExtension):
    """Django's extension operation skips other databases going forwards but not backwards (it
    queries pg_extension): migrating back on SQLite must pass too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0001_initial")]

    operations = [
        BtreeGistOnPostgres(),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
