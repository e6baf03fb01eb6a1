"""The signed token of an alert's one-click unsubscribe link: it names the alert, works without
logging in, and cannot be made up for another alert (django.core.signing, the SECRET_KEY)."""

from django.core import signing
from django.urls import reverse

SALT = "alerts.unsubscribe"


def unsubscribe_token(saved_search) -> str:
    return signing.dumps(saved_search.pk, salt=SALT, compress=False)


def saved_search_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_path(saved_search) -> str:
    return reverse("alerts:unsubscribe", args=[unsubscribe_token(saved_search)])
