"""Error reports to Sentry, only when SENTRY_DSN is set (settings/base.py imports this module then,
and never otherwise: without a DSN, sentry_sdk is not even imported).

No personal data is sent: send_default_pii=False (no cookies, no user, no IP address), and neither
request bodies (a booking's name and e-mail) nor the local variables of the traceback's frames
(a service's arguments), which send_default_pii does not cover. Each event carries the request id
as a tag, to find its log lines."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .request_id import request_id


def _tag_request_id(event, hint):
    current = request_id.get()
    if current != "-":
        event.setdefault("tags", {})["request_id"] = current
    return event


def init_sentry(*, dsn: str, environment: str | None = None, release: str | None = None) -> None:
    """Start the SDK with the Django and Celery integrations (web and worker processes alike)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=_tag_request_id,
    )
