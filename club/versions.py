"""Versions of cached fragments: one token per name (« exchanges of annonce 12 »), kept in the
cache, that every write changing what the fragments show moves.

A fragment is stored under a key that holds the token it was computed with. `bump` deletes the
token now and once more after the transaction commits, so the next reader makes a new token and
computes again; a fragment computed in between, from data read before the commit, was stored
under the old token, which nobody reads any more. A lost token
(cache evicted or flushed) only means one more computation, never a stale fragment."""

import functools
import hashlib
import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template

TIMEOUT = 60 * 60 * 24 * 7


def _key(name: str) -> str:
    return f"version:{name}"


def current(*names: str) -> dict[str, str]:
    """{name: token} for each name, in one cache read (one more write for those without a token)."""
    keys = {name: _key(name) for name in names}
    found = cache.get_many(list(keys.values()))
    tokens, new = {}, {}
    for name, key in keys.items():
        token = found.get(key)
        if token is None:
            token = new[key] = uuid.uuid4().hex[:16]
        tokens[name] = token
    if new:
        cache.set_many(new, TIMEOUT)
    return tokens


def bump(*names: str) -> None:
    """What these names stand for has changed: now, and again after the commit."""
    keys = [_key(name) for name in set(names) if name]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


@functools.cache
def code_version(*templates: str, static: tuple[str, ...] = ()) -> str:
    """The version of cached markup's code, for its cache key: the sources of `templates`, the
    static files as deployed (manifest, STATIC_URL, the URLs of `static`). A deploy never serves
    stale markup."""
    sources = "|".join(getattr(get_template(name).template, "source", "") for name in templates)
    manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
    urls = "|".join(staticfiles_storage.url(name) for name in static)
    return hashlib.blake2s(f"{sources}|{manifest}|{settings.STATIC_URL}|{urls}".encode(), digest_size=6).hexdigest()
