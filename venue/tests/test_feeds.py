"""Fetching and importing partners' feeds from a local server: the good, the hostile, the
malformed, the slow and the huge; conditional requests; no private address when the setting is off."""

import datetime as dt
import socket

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from venue import feeds, services
from venue.feeds import FeedError, fetch_feed
from venue.models import PartnerOffer

from .factories import PartnerFactory

pytestmark = pytest.mark.django_db


def partner_for(url, **kwargs):
    return PartnerFactory(feed_url=url, **kwargs)


def test_a_good_feed_gives_each_item_once_with_its_kind_and_link(feed_server):
    partner = partner_for(f"{feed_server.url}/good.xml")
    result = services.partner_feed_import(partner=partner)
    assert result.ok and result.created == 3
    offers = {offer.guid: offer for offer in partner.offers.all()}
    # The item without a guid is kept by its link; the repeated guid only once (the first).
    assert set(offers) == {"amap-1", "amap-2", "https://amap-canal.example.org/verger"}
    assert offers["amap-1"].title == "Panier de légumes d'hiver"
    assert offers["amap-1"].link == "https://amap-canal.example.org/paniers/hiver"
    assert (offers["amap-2"].kind, offers["amap-2"].kind_label) == ("epicerie", "Épicerie")
    assert offers["https://amap-canal.example.org/verger"].kind_label == "Sortie"
    assert offers["amap-1"].published_at == dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
    partner.refresh_from_db()
    assert partner.feed_error == "" and partner.feed_imported_at is not None
    assert partner.feed_etag == '"v1"'


def test_a_second_import_is_conditional_and_a_304_keeps_the_offers(feed_server):
    partner = partner_for(f"{feed_server.url}/good.xml")
    services.partner_feed_import(partner=partner)
    result = services.partner_feed_import(partner=partner)
    assert result.ok and result.not_modified
    headers = feed_server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 30 Nov 2026 08:00:00 GMT"
    assert partner.offers.count() == 3


def test_an_item_changed_in_the_feed_is_updated_not_duplicated(feed_server):
    partner = partner_for(f"{feed_server.url}/good.xml")
    services.partner_feed_import(partner=partner)
    body = (feeds_dir() / "good.xml").read_text().replace("Confitures de la ferme", "Confitures et miel")
    feed_server.overrides["good.xml"] = body.encode()
    partner.feed_etag = ""  # as if the partner's server sent no ETag this time
    partner.feed_modified = ""
    services.partner_feed_import(partner=partner)
    assert partner.offers.count() == 3
    assert partner.offers.get(guid="amap-2").title == "Confitures et miel"


def feeds_dir():
    from .conftest import FEEDS

    return FEEDS


def test_an_item_gone_from_the_feed_stays_some_days_then_goes(feed_server, settings):
    settings.PARTNER_OFFER_RETENTION_DAYS = 7
    partner = partner_for(f"{feed_server.url}/good.xml")
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        services.partner_feed_import(partner=partner)
    without_amap_2 = (feeds_dir() / "good.xml").read_text().replace("<guid>amap-2</guid>", "<guid>amap-3</guid>")
    feed_server.overrides["good.xml"] = without_amap_2.encode()
    partner.feed_etag = partner.feed_modified = ""
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC), tick=False):
        services.partner_feed_import(partner=partner)
    assert partner.offers.filter(guid="amap-2").exists()  # gone from the feed 4 days ago: kept
    partner.feed_etag = partner.feed_modified = ""
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), tick=False):
        result = services.partner_feed_import(partner=partner)
    assert result.removed == 1
    assert not partner.offers.filter(guid="amap-2").exists()  # unseen for 8 days: removed
    assert partner.offers.filter(guid="amap-3").exists()


def test_a_json_feed_is_read_too(feed_server):
    partner = partner_for(f"{feed_server.url}/good.json")
    assert services.partner_feed_import(partner=partner).ok
    offers = {offer.guid: offer for offer in partner.offers.all()}
    assert set(offers) == {"rc-1", "rc-2"}  # the third has no title: nothing to show
    assert offers["rc-2"].summary_html == "Ourlets &amp; boutons &lt;b&gt;"  # content_text stays text
    assert offers["rc-1"].kind == "atelier"


def test_hostile_html_is_sanitised(feed_server):
    partner = partner_for(f"{feed_server.url}/hostile.xml")
    assert services.partner_feed_import(partner=partner).ok
    offer = partner.offers.get(guid="urn:hostile:1")
    html = offer.summary_html.lower()
    for forbidden in [
        "<script",
        "onclick",
        "onerror",
        "onload",
        "onmouseover",
        "style",
        "<img",
        "<iframe",
        "<svg",
        "<form",
        "<input",
        "javascript:",
        "tracker.example",
        "evil.example",
        "/relative/",
    ]:
        assert forbidden not in html, forbidden
    assert "Départ <strong>samedi</strong> 8 h." in offer.summary_html
    assert '<a href="https://covoit.example.org/trajets/1" target="_blank" rel="noopener noreferrer">Réserver</a>' in (
        offer.summary_html
    )
    assert offer.title == "Trajet Paris–Lille"  # tags and the script's text gone
    # A link that is not http(s) is not kept as the offer's link.
    assert partner.offers.get(guid="urn:hostile:2").link == ""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("malformed.xml", "illisible"),
        ("slow.xml", "trop lentement"),
        ("huge.xml", "trop volumineux"),
        ("huge-declared.xml", "trop volumineux"),
        ("status/500", "500"),
        ("missing.xml", "404"),
    ],
)
def test_a_bad_feed_is_recorded_on_the_partner_and_keeps_its_offers(feed_server, path, message):
    partner = partner_for(f"{feed_server.url}/good.xml")
    services.partner_feed_import(partner=partner)
    partner.feed_url = f"{feed_server.url}/{path}"
    partner.feed_etag = partner.feed_modified = ""
    result = services.partner_feed_import(partner=partner)
    assert not result.ok and message in result.error
    partner.refresh_from_db()
    assert message in partner.feed_error and partner.feed_error_at is not None
    assert partner.offers.count() == 3  # what was imported before stays


def test_an_unreachable_feed_is_an_error_not_a_crash(feed_server):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    partner = partner_for(f"http://127.0.0.1:{port}/feed.xml")
    result = services.partner_feed_import(partner=partner)
    assert not result.ok and "injoignable" in result.error


def test_one_broken_feed_never_stops_the_others(feed_server):
    broken = partner_for(f"{feed_server.url}/malformed.xml", slug="casse")
    slow = partner_for(f"{feed_server.url}/slow.xml", slug="lent")
    good = partner_for(f"{feed_server.url}/good.xml", slug="bon")
    call_command("import_partner_feeds")
    assert good.offers.count() == 3
    broken.refresh_from_db()
    slow.refresh_from_db()
    assert broken.feed_error and slow.feed_error


def test_the_beat_task_imports_each_partner_on_its_own(feed_server):
    from venue.tasks import import_partner_feeds

    broken = partner_for(f"{feed_server.url}/malformed.xml")
    good = partner_for(f"{feed_server.url}/good.json")
    PartnerFactory(feed_url="")  # no feed: not sent
    assert import_partner_feeds() == 2  # tasks run inline in the test settings
    assert good.offers.count() == 2
    broken.refresh_from_db()
    assert "illisible" in broken.feed_error


# --- Addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://partner.example.org/feed.xml", "gopher://x/", "javascript:alert(1)"]
)
def test_only_http_and_https_feed_urls(url):
    with pytest.raises(ValidationError):
        PartnerFactory.build(feed_url=url).full_clean()
    with pytest.raises(FeedError, match="http"):
        fetch_feed(url)


@pytest.fixture
def no_private(settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = False


@pytest.mark.usefixtures("no_private")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/good.xml",
        "http://localhost:{port}/good.xml",
        "http://[::1]:{port}/good.xml",
        "http://10.0.0.7/feed.xml",
        "http://192.168.1.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:{port}/good.xml",
        "http://[::ffff:127.0.0.1]:{port}/good.xml",
    ],
)
def test_private_and_loopback_addresses_are_refused_in_production(feed_server, url):
    partner = partner_for(url.format(port=feed_server.server_address[1]))
    result = services.partner_feed_import(partner=partner)
    assert not result.ok and "refusée" in result.error
    assert feed_server.requests == []  # nothing reached the server


@pytest.mark.usefixtures("no_private")
def test_a_name_resolving_to_a_private_address_is_refused(feed_server, monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "feeds.partner.test":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(feeds.socket, "getaddrinfo", fake)
    with pytest.raises(FeedError, match="127.0.0.1"):
        fetch_feed(f"http://feeds.partner.test:{feed_server.server_address[1]}/good.xml")
    assert feed_server.requests == []


def test_the_fetcher_connects_to_the_address_it_checked(feed_server, monkeypatch):
    """The name is resolved once, by the fetcher, and the connection goes to that address (no
    second resolution that a rebinding DNS could answer differently); the Host header keeps the name."""
    calls = []

    def fake(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(feeds.socket, "getaddrinfo", fake)
    result = fetch_feed(f"http://feeds.partner.test:{feed_server.server_address[1]}/good.xml")
    assert b"amap-1" in result.body
    assert calls == ["feeds.partner.test"]
    assert feed_server.requests[-1][1]["Host"].startswith("feeds.partner.test")


def test_a_redirect_to_a_private_address_is_refused(feed_server, monkeypatch, settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = False
    # Let the test server's own address through (it stands for a public site), nothing else.
    monkeypatch.setattr(feeds, "address_is_public", lambda ip: ip == "127.0.0.1")
    base = feed_server.url
    assert fetch_feed(f"{base}/redirect?to={base}/good.xml").body  # a redirect itself is followed
    with pytest.raises(FeedError, match="10.1.2.3"):
        fetch_feed(f"{base}/redirect?to=http://10.1.2.3/feed.xml")
    with pytest.raises(FeedError, match="http"):
        fetch_feed(f"{base}/redirect?to=file:///etc/passwd")


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("169.254.1.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to refuse, not one to bind
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("240.0.0.1", False),
    ],
)
def test_which_addresses_are_public(ip, public):
    assert feeds.address_is_public(ip) is public


def test_offers_of_an_unknown_guid_never_mix_partners(feed_server):
    first = partner_for(f"{feed_server.url}/good.xml")
    second = partner_for(f"{feed_server.url}/good.xml")
    services.partner_feed_import(partner=first)
    services.partner_feed_import(partner=second)
    assert PartnerOffer.objects.filter(guid="amap-1").count() == 2


def test_a_task_stopped_by_its_time_limit_records_why(feed_server, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from venue.tasks import import_partner_feed

    partner = partner_for(f"{feed_server.url}/good.xml")

    def too_long(*args, **kwargs):  # what Celery raises in the worker when the soft limit passes
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("urllib.request.OpenerDirector.open", too_long)
    assert import_partner_feed(partner.pk) is False
    partner.refresh_from_db()
    assert "trop long" in partner.feed_error and partner.feed_error_at is not None
