import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from insights.rollup import rolled_up_through, rollup_closed_days
from insights.sql import is_postgres


class Command(BaseCommand):
    help = (
        "Roll up the dashboard's daily aggregates of the days over and not rolled up yet (what the "
        "nightly task does), and from --since on to compute days again. Idempotent. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=dt.date.fromisoformat, help="compute again from this day (YYYY-MM-DD)")

    def handle(self, *args, since, **options):
        if not is_postgres():
            raise CommandError("PostgreSQL only: on SQLite the dashboard counts everything live.")
        days = rollup_closed_days(since=since)
        self.stdout.write(f"days rolled up: {days}; rolled up through {rolled_up_through() or '-'}")
