"""The client's address, for every rate limit of the site: allauth's (through the account adapter,
members.adapter), the club's own (club.ratelimit, which are allauth's) and the API's throttles
(club.api's throttle classes). One function, so that they all count the same visitor.

Behind `TRUSTED_PROXY_COUNT` proxies of our own (environment, default 0), the address is read from
X-Forwarded-For counting from the right: each proxy appends the address it received the request
from, so the last entry was written by the proxy nearest to us, the second to last by the one
before it, and so on. Whatever stands further left came from the client and may be forged: it is
never read. With 0 proxies the header is ignored and REMOTE_ADDR is the client."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str:
    """An address as text, or "" when `value` is not one (IPv6 zone and brackets tolerated)."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443" or "[2001:db8::1]"
        value = value[1 : value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request`, "" when none can be told.

    With N trusted proxies: the N-th entry of X-Forwarded-For from the right. A header with fewer
    entries than proxies (a request that reached an inner proxy directly) gives its leftmost entry;
    no header, or an entry that is not an address, gives REMOTE_ADDR (the nearest proxy)."""
    remote_addr = _clean(request.META.get("REMOTE_ADDR") or "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded.strip():
        return remote_addr
    # Several X-Forwarded-For headers arrive joined with commas, in order: the same list.
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if not entries:
        return remote_addr
    return _clean(entries[-min(count, len(entries))]) or remote_addr
