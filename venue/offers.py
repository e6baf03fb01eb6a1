"""Reading a partner's feed into offers: RSS 2.0 and Atom with feedparser, JSON Feed (1.0 and 1.1,
which feedparser 6.0 does not read) with the json module, both into the same FeedItem, every piece
of HTML sanitised with nh3.

What the sanitiser keeps: text structure (paragraphs, lists, emphasis, quotes) and links. What it
drops: script and style elements with their content, every event handler, every style attribute
(the site's CSP refuses inline styles), images and iframes (a remote image would be fetched by the
member's browser from the partner's server), relative links (they would point at the club), and
any URL that is not http, https or mailto. Links open outside: target="_blank" and
rel="noopener noreferrer"."""

import calendar
import datetime as dt
import html
import io
import json
import logging
import re
from dataclasses import dataclass

import feedparser
import nh3
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .feeds import FeedError

logger = logging.getLogger(__name__)

MAX_ITEMS = 200  # a feed longer than this is read up to here
MAX_HTML_CHARS = 20_000  # before sanitising: a summary, not a book

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "blockquote", "a", "h3", "h4", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class FeedItem:
    guid: str
    title: str
    summary_html: str
    summary_text: str
    link: str
    kind: str
    kind_label: str
    published_at: dt.datetime | None


def sanitise_html(fragment: str) -> str:
    """The HTML of an offer, safe to show inside a page of the club (see the module's docstring)."""
    return nh3.clean(
        (fragment or "")[:MAX_HTML_CHARS],
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        url_relative="deny",
        strip_comments=True,
    ).strip()


def plain_text(fragment: str, *, limit: int | None = None) -> str:
    """The text of an HTML fragment, tags removed and entities decoded, spaces squeezed."""
    stripped = nh3.clean((fragment or "")[:MAX_HTML_CHARS], tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(stripped)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit] if limit else text


def _http_url(value) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    return value[:1000] if re.match(r"^https?://[^\s/]+", value, re.IGNORECASE) else ""


def _kind(label) -> tuple[str, str]:
    label = plain_text(label if isinstance(label, str) else "", limit=80)
    return slugify(label)[:80], label[:1].upper() + label[1:]


def _item(*, guid, title, content, link, category, published) -> FeedItem | None:
    link = _http_url(link)
    guid = (guid if isinstance(guid, str) else str(guid or "")).strip() or link
    title = plain_text(title, limit=300)
    if not guid or not title:
        return None  # kept once by its id or its link: an item with neither cannot be kept
    summary_html = sanitise_html(content if isinstance(content, str) else "")
    kind, kind_label = _kind(category)
    return FeedItem(
        guid=guid[:500],
        title=title,
        summary_html=summary_html,
        summary_text=plain_text(summary_html, limit=5000),
        link=link,
        kind=kind,
        kind_label=kind_label,
        published_at=published,
    )


def _from_struct(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _from_iso(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)


def _parse_json_feed(content: bytes) -> list[FeedItem]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(_("Flux illisible : ce n'est pas un JSON Feed valide.")) from error
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError(_("Flux illisible : ce n'est pas un JSON Feed valide."))
    entries = data.get("items")
    if not isinstance(entries, list):
        raise FeedError(_("Flux illisible : ce n'est pas un JSON Feed valide."))
    items = []
    for entry in entries[:MAX_ITEMS]:
        if not isinstance(entry, dict):
            continue
        tags = entry.get("tags") if isinstance(entry.get("tags"), list) else []
        content_html = entry.get("content_html") or entry.get("summary") or ""
        if not content_html and isinstance(entry.get("content_text"), str):
            content_html = html.escape(entry["content_text"])
        items.append(
            _item(
                guid=entry.get("id"),
                title=entry.get("title") or "",
                content=content_html,
                link=entry.get("url") or entry.get("external_url"),
                category=tags[0] if tags else "",
                published=_from_iso(entry.get("date_published") or entry.get("date_modified")),
            )
        )
    return [item for item in items if item]


def _parse_xml_feed(content: bytes, content_type: str) -> list[FeedItem]:
    # A stream, never a string: feedparser would fetch a string that looks like a URL, or open a
    # file whose name it is.
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(_("Flux illisible : ni RSS, ni Atom, ni JSON Feed."))
    if parsed.bozo and not parsed.entries:
        raise FeedError(_("Flux illisible : %(reason)s") % {"reason": str(parsed.get("bozo_exception", ""))[:200]})
    items = []
    for entry in parsed.entries[:MAX_ITEMS]:
        content_html = entry.content[0].get("value", "") if entry.get("content") else entry.get("summary", "")
        tags = entry.get("tags") or []
        items.append(
            _item(
                guid=entry.get("id"),
                title=entry.get("title", ""),
                content=content_html,
                link=entry.get("link"),
                category=(tags[0].get("term") or tags[0].get("label") or "") if tags else "",
                published=_from_struct(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    return [item for item in items if item]


def parse_feed(content: bytes, *, content_type: str = "") -> list[FeedItem]:
    """The items of a feed (RSS 2.0, Atom or JSON Feed), each once (the first of a repeated id),
    sanitised. A feed that cannot be read raises FeedError."""
    start = content.lstrip()[:1]
    is_json = "json" in content_type.lower() or start in (b"{", b"[")
    try:
        items = _parse_json_feed(content) if is_json else _parse_xml_feed(content, content_type)
    except FeedError:
        raise
    except Exception as error:  # a parser's surprise must not stop the other feeds
        logger.exception("partner feed: parser error")
        raise FeedError(_("Flux illisible.")) from error
    seen, unique = set(), []
    for item in items:
        if item.guid not in seen:
            seen.add(item.guid)
            unique.append(item)
    return unique
