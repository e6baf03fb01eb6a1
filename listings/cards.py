"""Result cards rendered once per annonce, version and language, then read from the cache.

Only what every member sees alike is cached (photo or drawing, type, category, title, summary,
price, town, date): templates/listings/_card_fixed.html. What depends on the viewer or on the
search — the distance, « favori » — is added around it on every request by _card.html, never
stored. The key holds the annonce's id and `updated_at` (every service that changes what a card
shows saves the annonce or touches it: listing_update, photos_add, photos_remove), the
language, the time zone, the category's slug and name (a renamed category shows at once), and
the version of the template and the static files (a deploy never serves stale markup)."""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache as django_cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .models import ListingPhoto

TEMPLATE = "listings/_card_fixed.html"
DETAIL_TEMPLATE = "listings/_detail_main.html"
TIMEOUT = 60 * 60 * 24 * 7


@cache
def _code_version(name: str = TEMPLATE) -> str:
    template = get_template(name)
    source = getattr(template.template, "source", "")
    manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
    return hashlib.blake2s(f"{source}|{manifest}|{settings.STATIC_URL}".encode(), digest_size=6).hexdigest()


def card_key(listing, name: str = TEMPLATE) -> str:
    category = listing.category
    stamp = listing.updated_at.timestamp() if listing.updated_at else 0
    label = hashlib.blake2s(f"{category.slug}|{category.label}".encode(), digest_size=6).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    zone = timezone.get_current_timezone_name()
    expires = listing.expires_at.timestamp() if listing.expires_at else 0
    return f"card:{_code_version(name)}:{listing.pk}:{stamp}:{listing.status}:{expires}:{language}:{zone}:{label}"


def attach_cards(listings: list) -> None:
    """Set `card_html` on each annonce of a page: from the cache (one GET for the page), else
    rendered (their photos read in one query, for the misses only) and stored (one SET)."""
    if not listings:
        return
    keys = {listing.pk: card_key(listing) for listing in listings}
    found = django_cache.get_many(list(keys.values()))
    missing = [listing for listing in listings if keys[listing.pk] not in found]
    if missing:
        prefetch_related_objects(
            missing,
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "id"), to_attr="photo_list"),
        )
        template = get_template(TEMPLATE)
        rendered = {keys[listing.pk]: template.render({"listing": listing}) for listing in missing}
        django_cache.set_many(rendered, TIMEOUT)
        found.update(rendered)
    for listing in listings:
        listing.card_html = mark_safe(found[keys[listing.pk]])  # noqa: S308 (our template, autoescaped)


def detail_main(listing, *, photos, details) -> str:
    """The main column of the annonce's page (_detail_main.html: title, price, photos, facts,
    description, dates), from the cache when this version of it was rendered before."""
    key = card_key(listing, DETAIL_TEMPLATE)
    html = django_cache.get(key)
    if html is None:
        html = get_template(DETAIL_TEMPLATE).render({"listing": listing, "photos": photos, "details": details})
        django_cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our template, autoescaped)
