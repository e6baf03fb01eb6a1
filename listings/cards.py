"""Result cards rendered once per annonce, version and language, then read from the cache.

Only what every member sees alike is cached (photo or drawing, type, category, title, summary,
price): templates/listings/_card_fixed.html. The lines with what depends on the viewer or on the
search — the town and its distance, the date and « favori » — are added around it on every
request by result_cards, never stored. The key holds the annonce's id and `updated_at` (every
service that changes what a card shows saves the annonce or touches it: listing_update,
photos_add, photos_remove), the language, the time zone, the category's slug and name (a
renamed category shows at once), and the version of the template and the static files (a deploy
never serves stale markup)."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from club import versions

from .models import ListingPhoto

TEMPLATE = "listings/_card_fixed.html"
DETAIL_TEMPLATE = "listings/_detail_main.html"
TIMEOUT = 60 * 60 * 24 * 7


def card_key(listing, name: str = TEMPLATE) -> str:
    category = listing.category
    stamp = listing.updated_at.timestamp() if listing.updated_at else 0
    label = hashlib.blake2s(f"{category.slug}|{category.label}".encode(), digest_size=6).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    zone = timezone.get_current_timezone_name()
    expires = listing.expires_at.timestamp() if listing.expires_at else 0
    return (
        f"card:{versions.code_version(name)}:{listing.pk}:{stamp}:{listing.status}:{expires}:{language}:{zone}:{label}"
    )


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


def result_cards(listings) -> str:
    """The result cards (<li>) of a page: the cached part of each (attach_cards; rendered here
    when it was not attached), and around it, per search and per viewer and never cached, the
    town with the distance, the date and « favori ». Written in Python: a page shows twenty."""
    from .templatetags.listings_tags import distance

    zone = timezone.get_current_timezone()
    published_on, favourite_mark = (
        _("Publiée le %(date)s"),
        format_html(' · <span class="fav-mark">♥ {}</span>', _("favori")),
    )
    day_month = functools.cache(lambda day: date_filter(day, "j F"))
    items = []
    for listing in listings:
        fixed = getattr(listing, "card_html", None)
        if fixed is None:
            fixed = mark_safe(get_template(TEMPLATE).render({"listing": listing}))  # noqa: S308 (our template)
        km = getattr(listing, "distance_km", None)
        if km is None:
            place = conditional_escape(listing.city)
        else:
            place = format_html('{} · <span class="distance">{}</span>', listing.city, distance(km))
        published = day_month(listing.published_at.astimezone(zone).date()) if listing.published_at else ""
        items.append(
            format_html(
                '<li class="listing-card card">\n  <a class="listing-card-link" href="{}">\n    {}\n'
                '      <p class="listing-card-place muted">{}</p>\n'
                '      <p class="listing-card-date muted">{}{}</p>\n    </div>\n  </a>\n</li>\n',
                listing.get_absolute_url(),
                fixed,
                place,
                published_on % {"date": published},
                favourite_mark if getattr(listing, "is_favourite", False) else "",
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (each item built by format_html)


def detail_main(listing, *, details) -> str:
    """The main column of the annonce's page (_detail_main.html: title, price, photos, facts,
    description, dates), from the cache when this version of it was rendered before; else its
    photos are read (one query) and it is rendered and stored. `details`: a callable giving the
    facts to list (only called then)."""
    key = card_key(listing, DETAIL_TEMPLATE)
    html = django_cache.get(key)
    if html is None:
        photos = list(listing.photos.all())
        html = get_template(DETAIL_TEMPLATE).render({"listing": listing, "photos": photos, "details": details()})
        django_cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our template, autoescaped)
