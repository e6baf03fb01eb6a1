"""E-mail backends that fail like a real relay does, for the notification tests (set with the
`settings` fixture: EMAIL_BACKEND = "messaging.tests.backends.FailsOnceBackend")."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class FailsOnceBackend(EmailBackend):
    """The first send raises what smtplib raises when the relay drops the connection (an
    OSError), the next ones are delivered to mail.outbox."""

    failures_left = 1
    lock = threading.Lock()

    def send_messages(self, messages):
        with FailsOnceBackend.lock:
            if FailsOnceBackend.failures_left > 0:
                FailsOnceBackend.failures_left -= 1
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """Delivers after half a second: long enough for a second worker to arrive mid-send."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)
