"""Settings of a Celery worker started as a separate process by tests/test_worker_loss.py: the test
settings, with e-mails written to files (the test reads them) by a backend that the test can hold in
the middle of a send, to kill the worker right there."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

from club.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.worker_settings.HeldFileBackend"
EMAIL_FILE_PATH = os.environ.get("WORKER_MAIL_DIR", "/tmp/club-worker-mail")
CELERY_TASK_ALWAYS_EAGER = False


class HeldFileBackend(EmailBackend):
    def send_messages(self, messages):
        marks = Path(os.environ["WORKER_MARKS"])
        (marks / "sending").touch()
        while (marks / "hold").exists():
            time.sleep(0.05)
        return super().send_messages(messages)
