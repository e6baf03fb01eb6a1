"""Fetching a partner's feed over HTTP(S), safely: a timeout, a byte limit, conditional requests,
and no request to a private address (SSRF).

The standard library's `urllib.request`, with an opener of our own:
- no proxy from the environment, http and https only (redirects too, at most MAX_REDIRECTS);
- the connection resolves the host itself, refuses the whole answer if one address is private,
  loopback, link-local, multicast, reserved or unspecified (unless
  settings.PARTNER_FEEDS_ALLOW_PRIVATE, on in dev and tests only), and connects to the very address
  it checked (no second resolution that a DNS rebinding could answer differently). HTTPS still
  checks the certificate against the host name. A redirect opens a new connection, checked the same;
- the body is read in chunks, and the fetch stops past settings.PARTNER_FEED_MAX_BYTES or past
  the overall deadline (a server that trickles bytes cannot hold a worker).

`fetch_feed` never raises anything but FeedError, whose message is shown to staff in the admin."""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "LeClub-partner-feeds/1.0 (+https://club.example)"


class FeedError(Exception):
    """Why a feed could not be read, in words for the staff."""


@dataclass
class FetchResult:
    not_modified: bool
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    modified: str = ""


def check_url(url: str) -> None:
    """Only http(s) URLs with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(_("Adresse refusée : seules les adresses http ou https sont lues."))


def address_is_public(ip: str) -> bool:
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


def resolve_checked(host: str, port: int) -> list[tuple]:
    """getaddrinfo's answers for host, refused as a whole if any address is not public (unless the
    setting allows private addresses)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FeedError(_("Nom de domaine introuvable : %(host)s") % {"host": host}) from error
    if not infos:
        raise FeedError(_("Nom de domaine introuvable : %(host)s") % {"host": host})
    if not settings.PARTNER_FEEDS_ALLOW_PRIVATE:
        for *_rest, sockaddr in infos:
            if not address_is_public(sockaddr[0]):
                raise FeedError(
                    _("Adresse refusée : %(host)s désigne une adresse privée ou locale (%(ip)s).")
                    % {"host": host, "ip": sockaddr[0]}
                )
    return infos


def _connect_checked(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """Replaces socket.create_connection in our HTTP(S) connections: connects to an address that
    resolve_checked accepted, never to a name resolved again."""
    host, port = address
    last_error = None
    for family, type_, proto, _canon, sockaddr in resolve_checked(host, port):
        sock = socket.socket(family, type_, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError("no address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)  # no ftp:, file: or anything else; the address is checked on connect
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        # Say why a redirect elsewhere than http(s) is refused (urllib would answer "HTTP 302").
        location = headers.get("Location") or headers.get("URI")
        if location:
            check_url(urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener():
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _HTTPHandler(), _HTTPSHandler(), _RedirectHandler()
    )


def _read_limited(response, *, max_bytes: int, deadline: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FeedError(_("Flux trop volumineux (plus de %(mb)s Mo).") % {"mb": max_bytes // (1024 * 1024) or 1})
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FeedError(_("Le site du partenaire répond trop lentement."))
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FeedError(_("Flux trop volumineux (plus de %(mb)s Mo).") % {"mb": max_bytes // (1024 * 1024) or 1})
        chunks.append(chunk)


def fetch_feed(url: str, *, etag: str = "", modified: str = "") -> FetchResult:
    """GET the feed, with If-None-Match / If-Modified-Since when we have them. 304 gives
    FetchResult(not_modified=True). Any other failure raises FeedError."""
    check_url(url)
    timeout = settings.PARTNER_FEED_TIMEOUT
    deadline = time.monotonic() + timeout
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/feed+json, application/json, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - check_url: http(s) only
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = _read_limited(response, max_bytes=settings.PARTNER_FEED_MAX_BYTES, deadline=deadline)
            return FetchResult(
                not_modified=False,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
                etag=(response.headers.get("ETag") or "")[:255],
                modified=(response.headers.get("Last-Modified") or "")[:64],
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return FetchResult(not_modified=True, etag=etag, modified=modified)
        raise FeedError(_("Le site du partenaire a répondu %(code)s.") % {"code": error.code}) from error
    except FeedError:
        raise
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, FeedError):
            raise reason from error
        if isinstance(reason, TimeoutError):
            raise FeedError(_("Le site du partenaire répond trop lentement.")) from error
        raise FeedError(_("Site du partenaire injoignable : %(reason)s") % {"reason": reason}) from error
    except TimeoutError as error:
        raise FeedError(_("Le site du partenaire répond trop lentement.")) from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FeedError(_("Site du partenaire injoignable : %(reason)s") % {"reason": error}) from error
