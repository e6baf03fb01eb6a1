"""The client address behind proxies (club/client_ip.py), as every rate limit sees it: allauth's
(sign-up per address), the club's own (bookings go through the same), and the API's throttles.

One proxy in front: X-Forwarded-For's last entry is the client, whatever stands left of it."""

import pytest
from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.urls import reverse

from club.api import AnonThrottle, UserThrottle
from club.client_ip import client_ip
from events.tests.factories import EventFactory

PROXY = "10.0.0.1"  # the same REMOTE_ADDR for everyone: the proxy's


def _ip(settings, count, forwarded=None, remote=PROXY):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy trusted: the header is ignored
        (0, None, PROXY),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # the forged left part is never read
        (1, "1.2.3.4,5.6.7.8 ,  203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # second to last
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the leftmost present
        (1, None, PROXY),  # no header: the nearest hop
        (1, "", PROXY),
        (1, " , ", PROXY),
        (1, "not-an-address", PROXY),  # garbage where our proxy writes: the nearest hop, never a 500
        (1, "203.0.113.7, unknown", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, "[2001:db8::7]:4711", "2001:db8::7"),
    ],
)
def test_client_ip(settings, count, forwarded, expected):
    assert _ip(settings, count, forwarded) == expected


def test_a_missing_remote_addr_gives_nothing_rather_than_a_wrong_address(settings):
    assert _ip(settings, 0, remote="") == ""


def test_allauth_counts_the_same_address(settings):
    # Fewer entries than proxies would make allauth's own reading fail (ImproperlyConfigured).
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == client_ip(request) == "203.0.113.7"


def test_allauths_own_setting_follows_the_same_variable(settings):
    from club.settings import base

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == base.TRUSTED_PROXY_COUNT == allauth_settings.TRUSTED_PROXY_COUNT


def _signup(client):
    return client.post(reverse("account_signup"), {}).status_code


def _visitor(forwarded):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_visitors_behind_one_proxy_are_limited_one_by_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = _visitor("203.0.113.7")
    codes = [_signup(first) for _ in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429
    # Same proxy, same REMOTE_ADDR, another visitor: not affected.
    assert _signup(_visitor("203.0.113.8")) != 429
    assert _signup(_visitor("198.51.100.1, 203.0.113.9")) != 429


@pytest.mark.django_db
def test_forging_the_left_part_of_the_header_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [_signup(_visitor(f"198.51.100.{i}, 203.0.113.7")) for i in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429
    # Claiming to be somebody else on the left does not borrow their allowance either.
    assert _signup(_visitor("203.0.113.50, 203.0.113.7")) == 429


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [_signup(_visitor(f"203.0.113.{i}")) for i in range(21)]
    assert codes[20] == 429  # every "visitor" is the proxy's address
    assert _signup(Client(REMOTE_ADDR="10.0.0.2")) != 429


@pytest.mark.django_db
def test_the_clubs_own_limits_count_the_same_address(settings):
    """Bookings without an account: 10 an hour per address (ACCOUNT_RATE_LIMITS "book")."""
    settings.TRUSTED_PROXY_COUNT = 1
    event = EventFactory(capacity=1000)

    def book(forwarded, i):
        data = {"name": "Ana Lopez", "email": f"v{i}@example.org", "seats": "1", "consent": "on"}
        return _visitor(forwarded).post(event.get_absolute_url(), data).status_code

    codes = [book(f"198.51.100.{i}, 203.0.113.7", i) for i in range(11)]
    assert 429 not in codes[:10] and codes[10] == 429
    assert book("203.0.113.8", 11) != 429


def test_the_api_throttles_count_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert AnonThrottle().get_ident(request) == UserThrottle().get_ident(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert AnonThrottle().get_ident(request) == PROXY


@pytest.mark.django_db
def test_the_api_anonymous_throttle_limits_each_visitor_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = "/api/v1/categories/"
    codes = [_visitor(f"198.51.100.{i % 250}, 203.0.113.7").get(url).status_code for i in range(121)]
    assert codes[:120] == [200] * 120 and codes[120] == 429
    assert _visitor("203.0.113.8").get(url).status_code == 200
