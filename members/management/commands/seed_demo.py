from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

from members.demo import DEMO_PASSWORD

# Each app seeds its own demo data; order matters (members first, annonces need them).
SEEDERS = [
    "members.demo.seed_members",
    "listings.demo.seed_listings",
    "venue.demo.seed_venue",
    "events.demo.seed_events",
    "exchanges.demo.seed_exchanges",  # after the annonces and the venue (hand-overs at the Club)
    "alerts.demo.seed_alerts",  # after the annonces (a few already found)
    "community.demo.seed_groups",  # after the members and the annonces (shared with groups)
    "community.demo.seed_proposals",  # after the events (the accepted one is on the agenda)
]


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force if you really mean it.")
        for path in SEEDERS:
            # French active: the demo's `name=`, `description=`… are the French texts (modeltranslation).
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                import_string(path)()
            self.stdout.write(f"seeded: {path}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}):"))
        for email, role in [
            ("staff@club.example", "staff"),
            ("membre@club.example", "verified member"),
            ("nouveau@club.example", "not verified"),
        ]:
            self.stdout.write(f"  {email:24} {role}")
