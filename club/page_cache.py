"""The full-page cache of the public pages, for anonymous visitors.

A page is served from, or stored in, the cache only when all of these hold:
- the view is marked `@public_page` (home, the venue's pages, the agenda, an event page);
- the request is a GET or HEAD, not an htmx request, and brings no cookie that changes the page:
  no session (a member, or anyone logged in) and no pending messages;
- every query parameter is one the view declares (a random `?x=…` cannot fill the cache);
- the answer is a 200 that sets no cookie and is not marked private. Rendering a CSRF token sets
  the CSRF cookie, so a page that still holds one is never stored: the cached pages render
  without any (`page_cached` in the templates), and the per-visitor parts are loaded apart (the
  booking form: events.views.booking_form, fetched by htmx, a plain link without JavaScript).

Entries are keyed by host, language, path and the sorted query string, and remember the version
they were rendered at. The version is one number in the cache, bumped after commit by every
write that changes a public page (the event and booking services, the admin: signals of the
models below, so no writer can forget it); an entry of an older version is never served. Entries
also live at most PAGE_CACHE_MAX_AGE seconds: some content changes with time alone (past events
leave the agenda, bookings open, an exhibition starts).

Why not Django's own cache middleware / `cache_page`: its key holds the whole Cookie header when
the answer varies on Cookie (each visitor with any cookie gets an entry of their own, members
included) and has no notion of cookies that matter; its prefix is fixed at start-up, so there is
no way to invalidate by version; it answers no If-None-Match (no ETag) and sends `max-age` but not
`public`. `condition()` would need the view's queries to compute its ETag. This middleware reads
the version and the entry in one round trip (MGET), before the session, CSRF and auth middleware.
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, get_language_from_path

VERSION_KEY = "page-cache:version"
# Headers of the view's answer that are the same for every visitor and kept with the entry; the
# middleware above this one (security headers, CSP, request id) add theirs to each answer.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary")


def public_page(view=None, *, query_params: tuple[str, ...] = ()):
    """Mark a view whose page is the same for every anonymous visitor: PageCacheMiddleware may
    then store and serve it. `query_params` lists the query parameters it reads."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            request.page_cache_params = frozenset(query_params)
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    return version if version is not None else _start_version()


def _start_version() -> int:
    # Never back to a small number a stale entry could still carry (Redis flushed or evicted).
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    return cache.get(VERSION_KEY)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        _start_version()


def bump_version() -> None:
    """Every public page changes: served again freshly rendered from the next request on. Runs
    after commit (at once outside a transaction): a page rendered meanwhile from the old data is
    stored under the old version, which the bump leaves behind."""
    transaction.on_commit(_bump)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def _key(request) -> str:
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = f"{request.get_host()}|{language}|{request.path}?{query}"
    return "page-cache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _headers(request, response) -> None:
    # Shared caches may keep it briefly; a visitor with a session cookie must never get it from
    # them (Vary: Cookie). The language is in the path, which every cache keys on anyway.
    max_age = settings.PAGE_CACHE_HTTP_MAX_AGE
    response["Cache-Control"] = f"public, max-age={max_age}" + ("" if max_age else ", must-revalidate")
    patch_vary_headers(response, ("Cookie",))


def _answer(request, entry: dict):
    if entry["etag"] in _if_none_match(request):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"] if request.method == "GET" else b"", status=200)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry["body"]))
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = "hit"
    _headers(request, response)
    return response


def _private(request, response):
    """A public page rendered for one visitor (a member, a page with messages…): for them only."""
    if getattr(request, "page_cache_params", None) is not None and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _if_none_match(request) -> set[str]:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip() for tag in header.split(",") if tag.strip()}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _cacheable_request(request):
            return _private(request, self.get_response(request))
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = _start_version()
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            return _answer(request, entry)
        response = self.get_response(request)
        allowed = getattr(request, "page_cache_params", None)
        if (
            allowed is None
            or not set(request.GET) <= allowed
            or response.status_code != 200
            or response.cookies
            or response.streaming
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
        ):
            return _private(request, response)
        body = response.content
        etag = f'"{version:x}-{hashlib.md5(body, usedforsecurity=False).hexdigest()[:16]}"'
        headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
        cache.set(
            key,
            {"version": version, "etag": etag, "headers": headers, "body": body},
            timeout=settings.PAGE_CACHE_MAX_AGE,
        )
        response["ETag"] = etag
        response["X-Page-Cache"] = "miss"
        _headers(request, response)
        if etag in _if_none_match(request):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary", "Content-Language", "X-Page-Cache"):
                if response.has_header(name):
                    not_modified[name] = response[name]
            return not_modified
        return response


def fragment(name: str, parts, render):
    """Viewer-independent HTML of a page (the agenda's results, an event's texts) kept for every
    visitor, members included, under the same version and maximum age as the pages: `render()`
    runs only on a miss, with its queries. `parts` say what the fragment depends on."""
    if not settings.PAGE_CACHE_ENABLED:
        return render()
    raw = f"{name}|{current_version()}|{get_language()}|{parts!r}"
    key = "page-cache:fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, timeout=settings.PAGE_CACHE_MAX_AGE)
    return value


def page_cached(request) -> dict:
    """Context processor: `page_cached` is true while rendering a page the cache may keep for
    every anonymous visitor; such a page holds no CSRF token and nothing of the visitor."""
    cached = (
        settings.PAGE_CACHE_ENABLED
        and getattr(request, "page_cache_params", None) is not None
        and _cacheable_request(request)
    )
    return {
        "page_cached": cached,
        # For {% cache %} blocks of viewer-independent parts: read once, only by a template that uses it.
        "page_version": functools.cache(current_version),
        "fragment_max_age": settings.PAGE_CACHE_MAX_AGE if settings.PAGE_CACHE_ENABLED else 0,
    }


# --- What invalidates: every write on what a public page shows ---------------------------------

# (app label, model): the venue and its rooms, hours and partners, events, their types and bookings.
WATCHED_MODELS = (
    ("events", "Event"),
    ("events", "EventType"),
    ("events", "Booking"),
    ("venue", "Venue"),
    ("venue", "Room"),
    ("venue", "OpeningHours"),
    ("venue", "OpeningException"),
    ("venue", "Partner"),
)


def _changed(sender, **kwargs):
    bump_version()


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_version()


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label, name in WATCHED_MODELS:
        model = apps.get_model(label, name)
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-save-{label}.{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page-cache-delete-{label}.{name}")
    event = apps.get_model("events", "Event")
    m2m_changed.connect(_m2m_changed, sender=event.partners.through, dispatch_uid="page-cache-event-partners")
