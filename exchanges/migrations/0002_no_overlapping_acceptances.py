"""PostgreSQL refuses two accepted (or completed) exchanges of one annonce whose periods overlap:
an exclusion constraint over (annonce, [start, end)) with btree_gist. Trips (seats) are excluded:
their limit is TripSeats' check. SQLite relies on the service's lock and check alone."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE exchanges_exchange ADD CONSTRAINT exchange_no_overlapping_acceptances
    EXCLUDE USING gist (listing_id WITH =, tstzrange(start, "end", '[)') WITH &&)
    WHERE (status IN ('accepted', 'completed') AND unit <> 'seats')
"""
BACKWARD = "ALTER TABLE exchanges_exchange DROP CONSTRAINT IF EXISTS exchange_no_overlapping_acceptances"


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0001_initial")]

    # Not BtreeGistExtension(): unapplying it queries pg_extension even on SQLite. The extension
    # stays when the constraint is removed (other tables may use it).
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
