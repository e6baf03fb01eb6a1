from django.core.management.base import BaseCommand

from club.queue import outbox_flush


class Command(BaseCommand):
    help = "Send the Celery tasks left in the outbox while the broker was unreachable."

    def handle(self, *args, **options):
        self.stdout.write(f"sent {outbox_flush(older_than_seconds=0, now_for_all=True)} task(s)")
