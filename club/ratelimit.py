"""The club's own rate limits reuse django-allauth's (settings.ACCOUNT_RATE_LIMITS, kept in the
cache, so shared between processes through Redis). One mechanism for the whole site."""

from allauth.core import ratelimit
from django.http import HttpRequest


def allow(request: HttpRequest, action: str, *, key: str | None = None) -> bool:
    """Record one attempt at `action` and say whether it is still within its rate.
    Rates per user need a logged-in user; rates per key need `key` (e.g. an e-mail)."""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    return ratelimit.consume(request, action=action, key=key, user=user)
