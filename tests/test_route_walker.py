"""The login wall, proven over every URL of the project.

The walker reads the URL resolver (not a hand-kept list), fills path parameters with real objects,
and requests every route as an anonymous visitor, as a logged-in person who is not verified, and as
a verified member who owns nothing. A route added later is walked automatically; if the walker
cannot fill one of its parameters the test fails and says what to add to PARAMETERS."""

import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from members.tests.factories import UserFactory, VerifiedMemberFactory

# Routes that anyone may open (2xx to anonymous visitors), each with the reason. Every other route
# must refuse an anonymous visitor (redirect to login, 401, 403, 404, 405…).
PUBLIC_ROUTES = {
    "venue:home": "the club's public home page",
    "venue:place": "the venue: address, hours, access",
    "venue:privacy": "the privacy notice",
    "venue:legal": "legal notice",
    "events:agenda": "the public agenda",
    "events:archive": "the public agenda's past events",
    "events:detail": "a published event's public page, with the booking form",
    "events:ics": "a published event as an iCalendar file",
    "agenda_feed": "the public agenda as an iCalendar feed",
    "venue:partners": "the venue's partners",
    "set_language": "the language switcher (POST only)",
    "bare": "a tiny text page, the benchmarks' baseline",
    "api-schema": "the OpenAPI schema: describes the API, holds no data",
    "api-docs": "the API documentation page",
    "account_login": "login",
    "account_signup": "sign-up",
    "account_reset_password": "asking for a password reset",
    "account_reset_password_done": "password reset: e-mail sent",
    "account_reset_password_from_key": "password reset link (an invalid key says so)",
    "account_reset_password_from_key_done": "password reset: done",
    "account_confirm_email": "e-mail confirmation link (an invalid key says so)",
    "account_email_verification_sent": "e-mail confirmation: message sent",
    "account_inactive": "account inactive notice",
    "account_confirm_login_code": "login by code (disabled: redirects)",
    "account_logout": "logout (answers a page with a logout button)",
    "headless:app:config": "the app's authentication configuration",
    "headless:app:account:login": "the app's login (POST)",
    "headless:app:account:signup": "the app's sign-up (POST)",
    "headless:app:account:request_password_reset": "the app's password reset request (POST)",
    "headless:app:account:reset_password": "the app's password reset (POST)",
    "headless:app:account:verify_email": "the app's e-mail verification (POST)",
}

# Sample values for path parameters, by parameter name. A callable receives the World.
PARAMETERS = {
    "key": lambda world: "not-a-real-key",
    "uidb36": lambda world: "1",
    "url": lambda world: "nowhere/",  # the admin catch-all
    "object_id": lambda world: str(world.owner.pk),
    "id": lambda world: str(world.owner.pk),
    "app_label": lambda world: "members",
    "content_type_id": lambda world: str(ContentType.objects.get_for_model(world.owner).pk),
    "slug": lambda world: world_event(world).slug,
    "token": lambda world: "1:not-a-signature",
}


def world_event(world):
    """A published event that the owner booked: their booking must not show anywhere public."""
    from events.services import booking_create
    from events.tests.factories import EventFactory

    event = EventFactory()
    booking_create(event=event, name=world.secrets[0], email=world.owner.email, seats=1)
    return event


@dataclass
class World:
    owner: object  # a verified member who owns the annonce data below
    secrets: list[str]  # strings that only the owner (and staff) may ever see


@pytest.fixture
def world(db):
    owner = VerifiedMemberFactory(display_name="Ondine Secrète")
    return World(owner=owner, secrets=["Ondine Secrète"])


@dataclass
class Route:
    name: str
    pattern: str

    def url(self, world) -> str:
        def fill(match):
            parameter = match.group("name")
            if parameter not in PARAMETERS:
                pytest.fail(f"route {self.name} ({self.pattern}): add how to fill <{parameter}> to PARAMETERS")
            return PARAMETERS[parameter](world)

        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, self.pattern)
        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, path)
        return "/" + path.replace("^", "").replace("$", "")


def project_routes(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from project_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name]))
            yield Route(name=name or f"<unnamed {prefix}{pattern.pattern}>", pattern=prefix + str(pattern.pattern))


ROUTES = list(project_routes())


def test_the_walker_sees_the_whole_project():
    names = {route.name for route in ROUTES}
    assert {"venue:home", "listings:list", "members:account", "admin:index", "v1:me"} <= names
    assert not [name for name in PUBLIC_ROUTES if name not in names], "PUBLIC_ROUTES names a route that is gone"


def visitors(world):
    unverified = UserFactory()
    verified = VerifiedMemberFactory()
    anonymous, logged_in, member = Client(), Client(), Client()
    logged_in.force_login(unverified)
    member.force_login(verified)
    return {"anonymous": anonymous, "unverified": logged_in, "verified non-owner": member}


def assert_reveals_nothing(response, world, who, url):
    assert response.status_code < 500, f"{who} {url}: {response.status_code}"
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    leaked = [secret for secret in world.secrets if secret in text]
    assert not leaked, f"{who} sees {leaked} at {url}"


@pytest.mark.django_db
def test_no_route_reveals_annonce_data_to_anonymous_or_unverified_people(world):
    clients = visitors(world)
    for route in ROUTES:
        url = route.url(world)
        for who in ("anonymous", "unverified"):
            client = clients[who]
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert_reveals_nothing(response, world, who, url)
                if who == "anonymous" and route.name not in PUBLIC_ROUTES and method == "get":
                    assert not 200 <= response.status_code < 300, (
                        f"{url} ({route.name}) answers {response.status_code} to anonymous visitors: "
                        "list it in PUBLIC_ROUTES with a reason, or put it behind the wall"
                    )
