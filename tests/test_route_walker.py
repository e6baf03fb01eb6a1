"""The login wall, proven over every URL of the project.

The walker reads the URL resolver (not a hand-kept list), fills path parameters with real objects,
and requests every route (GET and POST) as an anonymous visitor, as a logged-in person who is not
verified, and as a verified member who owns nothing. A route added later is walked automatically;
if the walker cannot fill one of its parameters the test fails and says what to add."""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from events.tokens import booking_token
from members.tests.factories import UserFactory, VerifiedMemberFactory

# Routes that anyone may open (2xx to anonymous visitors), each with the reason. Every other route
# must refuse an anonymous visitor (redirect to login, 401, 403, 404, 405…).
PUBLIC_ROUTES = {
    "venue:home": "the club's public home page",
    "venue:place": "the venue: address, hours, access",
    "venue:partners": "the venue's partners",
    "venue:privacy": "the privacy notice",
    "venue:legal": "legal notice",
    "listings:discover": "what the annonces are and how to join, for newcomers: category names, no annonce, no count",
    "events:agenda": "the public agenda",
    "events:archive": "the public agenda's past events",
    "events:detail": "a published event's public page, with the booking form",
    "events:ics": "a published event as an iCalendar file",
    "events:booking": "a booking, reached only through the signed link of its confirmation e-mail",
    "events:booking_cancel": "cancelling a booking through its signed link",
    "agenda_feed": "the public agenda as an iCalendar feed",
    "exchange_calendar:feed": "a member's private feed, reached only by its secret token; an unknown token is 404",
    "set_language": "Django's language switcher (POST only), no longer used by the pages",
    "language_switch": "the language switcher: redirects to the same page's address in the other language",
    "events:booking_form": "a published event's booking form on its own (loaded into the cached event page)",
    "healthz": "liveness probe for the load balancer: {status: ok}, nothing else",
    "readyz": "readiness probe: ok/error per dependency, no address, host or error text",
    "api-schema": "the OpenAPI schema: describes the API, holds no data",
    "api-docs": "the API documentation page",
    "alerts:unsubscribe": "an alert's one-click unsubscribe, reached only through the signed link of its e-mail",
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
    "listings:places": "the places autocomplete: French communes and postcodes from public open data, "
    "nothing about members or annonces (the profile form, open to members not yet verified, uses it)",
    "v1:categories": "the API's annonce categories: names and fields only, no counts, no annonce",
    "v1:events": "the API's public agenda",
    "v1:event": "the API's public event page",
    "v1:venue": "the API's venue: address, hours, rooms, partners",
    "headless:app:config": "the app's authentication configuration",
    "headless:app:account:login": "the app's login (POST)",
    "headless:app:account:signup": "the app's sign-up (POST)",
    "headless:app:account:request_password_reset": "the app's password reset request (POST)",
    "headless:app:account:reset_password": "the app's password reset (POST)",
    "headless:app:account:verify_email": "the app's e-mail verification (POST)",
}

EXCHANGE_ROUTE_SUFFIXES = [
    "",
    *(f"-{action}" for action in ("accept", "decline", "withdraw", "cancel", "complete", "handover", "review")),
    "-messages",
]

# Routes that act on the owner's own annonce or conversation: a verified member who is not the
# owner (or not part of the conversation) gets 404, whatever the method.
OWNER_ONLY_ROUTES = {
    "listings:edit",
    "listings:delete",
    "listings:action",
    "exchange_calendar:availability",
    "exchange_calendar:unblock",
    "conversations:thread",
    "v1:listing-status",
    "v1:listing-photos",
    "v1:listing-photo",
    "v1:conversation",
    "v1:conversation-messages",
    "v1:booking-cancel",
    # A member's alerts: only their owner.
    "alerts:open",
    "alerts:edit",
    "alerts:toggle",
    "alerts:delete",
    "v1:saved-search",
    *(f"v1:exchange{suffix}" for suffix in EXCHANGE_ROUTE_SUFFIXES),
    # The exchange pages and their actions: only its two members.
    "exchanges:detail",
    "exchanges:accept",
    "exchanges:decline",
    "exchanges:withdraw",
    "exchanges:cancel",
    "exchanges:complete",
    "exchanges:handover",
    "exchanges:message",
    "exchanges:review",
    "exchanges:review_report",
    "exchanges:record",
    "exchanges:record_download",
    # A group on approval the walker is not in: its posts, members and admin actions are 404.
    *(
        f"community:{name}"
        for name in ("edit", "notify", "share", "member_action", "reply", "report", "post_action", "report_action")
    ),
    # Sharing the owner's annonce with groups, from the annonce: its author only.
    "community:listing_groups",
    "v1:group",
    "v1:group-posts",
}


@dataclass
class World:
    """An owner with an annonce (with a photo), a conversation about it, a booking, and a completed
    exchange of the annonce with the correspondent (with a review)."""

    owner: object
    listing: object
    photo: object
    conversation: object
    event: object
    booking: object
    exchange: object
    review: object
    # What only the owner (and staff) may see: anonymous and unverified people never see any of it.
    annonce_secrets: list[str] = field(default_factory=list)
    # What only the two people in the conversation may see.
    conversation_secrets: list[str] = field(default_factory=list)


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from events.services import booking_create
    from events.tests.factories import EventFactory
    from exchanges.models import Review
    from exchanges.tests.factories import ExchangeFactory
    from listings import services
    from listings.photos import prepare_photo
    from listings.tests.factories import ListingFactory, upload
    from messaging import services as messaging_services

    owner = VerifiedMemberFactory(display_name="Ondine Secrète")
    listing = ListingFactory(
        author=owner, title="Perceuse ZEBRE-TITRE à prêter", description="ZEBRE-DESCRIPTION du prêt."
    )
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    correspondent = VerifiedMemberFactory(display_name="Gaspard Discret")
    message = messaging_services.conversation_start(listing=listing, sender=correspondent, body="ZEBRE-MESSAGE privé")
    event = EventFactory()
    booking = booking_create(event=event, name="Visiteuse du lieu", email=owner.email, seats=1)
    exchange = ExchangeFactory(
        listing=listing,
        initiator=correspondent,
        status="completed",
        accepted_at=timezone.now(),
        completed_at=timezone.now(),
    )
    review = Review.objects.create(exchange=exchange, author=correspondent, subject=owner, rating=5, text="ZEBRE-AVIS")
    # A partner's offer: members only, like the annonces.
    from venue.models import PartnerOffer
    from venue.tests.factories import PartnerFactory

    PartnerOffer.objects.create(partner=PartnerFactory(), guid="zebre", title="ZEBRE-OFFRE-PARTENAIRE", kind="panier")
    from alerts.tests.factories import saved_search

    saved_search("q=perceuse", user=owner, label="ZEBRE-ALERTE privée")
    return World(
        owner=owner,
        listing=listing,
        photo=listing.photos.get(),
        conversation=message.conversation,
        event=event,
        booking=booking,
        exchange=exchange,
        review=review,
        annonce_secrets=["ZEBRE-TITRE", "ZEBRE-DESCRIPTION", "Ondine Secrète", "Gaspard Discret", "ZEBRE-OFFRE"],
        conversation_secrets=["ZEBRE-MESSAGE", "ZEBRE-AVIS", "ZEBRE-ALERTE"],
    )


# How to fill each path parameter: per route first, then by parameter name.
ROUTE_PARAMETERS = {
    "listings:photo": {"pk": lambda w: w.photo.pk, "size": lambda w: "large"},
    "v1:photo": {"pk": lambda w: w.photo.pk, "size": lambda w: "large"},
    "listings:create": {"slug": lambda w: w.listing.category.slug},
    "listings:action": {"action": lambda w: "pause"},
    "conversations:thread": {"pk": lambda w: w.conversation.pk},
    "v1:conversation": {"pk": lambda w: w.conversation.pk},
    "v1:conversation-messages": {"pk": lambda w: w.conversation.pk},
    "v1:booking-cancel": {"pk": lambda w: w.booking.pk},
    "v1:member": {"pk": lambda w: w.owner.pk},
    **{f"v1:exchange{suffix}": {"pk": lambda w: w.exchange.pk} for suffix in EXCHANGE_ROUTE_SUFFIXES},
    "events:booking": {"token": lambda w: booking_token(w.booking)},
    "events:booking_cancel": {"token": lambda w: booking_token(w.booking)},
    "members:member": {"pk": lambda w: w.owner.pk},  # another member's profile page
    "exchanges:request": {"listing_pk": lambda w: w.listing.pk},
    **{
        f"exchanges:{name}": {"pk": lambda w: w.exchange.pk, "review_pk": lambda w: w.review.pk}
        for name in (
            "detail",
            "accept",
            "decline",
            "withdraw",
            "cancel",
            "complete",
            "handover",
            "message",
            "review",
            "review_report",
            "record",
            "record_download",
        )
    },
    "exchange_calendar:feed": {"token": lambda w: "not-a-feed-token"},
    **{
        name: {"pk": lambda w: w.owner.saved_searches.get().pk}
        for name in ("alerts:open", "alerts:edit", "alerts:toggle", "alerts:delete", "v1:saved-search")
    },
    "exchange_calendar:unblock": {"period_pk": lambda w: _blocked_period(w).pk},
    **{
        f"community:{name}": {"pk": lambda w: _closed_group(w).pk}
        for name in ("detail", "edit", "picture", "join", "leave", "notify", "share")
    },
    "community:member_action": {
        "pk": lambda w: _closed_group(w).pk,
        "membership_pk": lambda w: _closed_group(w).memberships.get().pk,
        "action": lambda w: "remove",
    },
    **{f"community:{name}": {"pk": lambda w: _closed_group(w).posts.get().pk} for name in ("reply", "report")},
    "community:post_action": {"pk": lambda w: _closed_group(w).posts.get().pk, "action": lambda w: "remove"},
    "community:report_action": {
        "pk": lambda w: _closed_group(w).pk,
        "report_pk": lambda w: _group_report(w).pk,
        "action": lambda w: "dismiss",
    },
    "community:listing_groups": {"listing_pk": lambda w: w.listing.pk},
    **{f"v1:group{suffix}": {"pk": lambda w: _closed_group(w).pk} for suffix in ("", "-join", "-leave", "-posts")},
    **{f"proposals:{name}": {"pk": lambda w: _proposal(w).pk} for name in ("detail", "support")},
    **{f"v1:proposal{suffix}": {"pk": lambda w: _proposal(w).pk} for suffix in ("", "-support")},
}


def _proposal(world):
    """A proposal by the owner, with a comment: every verified member reads it, nobody past the wall."""
    from community.models import Proposal
    from community.proposals import proposal_comment, proposal_create
    from events.models import EventType

    proposal = Proposal.objects.filter(proposer=world.owner).first()
    if proposal is None:
        kind = EventType.objects.first() or EventType.objects.create(name="Atelier", slug="atelier-walker")
        proposal = proposal_create(
            proposer=world.owner, title="Atelier", type=kind, description="d", format="2 h", wished_period="mars"
        )
        proposal_comment(proposal=proposal, author=world.owner, text="ZEBRE-PROPOSITION commentaire")
        world.annonce_secrets.append("ZEBRE-PROPOSITION")
    return proposal


def _closed_group(world):
    """A group on approval founded by the owner, with one message (a secret of its members)."""
    from community.models import Access, Group
    from community.services import group_create, post_create

    group = Group.objects.filter(founder=world.owner).first()
    if group is None:
        group = group_create(founder=world.owner, name="Groupe discret", description="d", access=Access.APPROVAL)
        post_create(group=group, author=world.owner, text="ZEBRE-GROUPE message des membres")
        world.conversation_secrets.append("ZEBRE-GROUPE")
    return group


def _group_report(world):
    """An open report, by one of its members, on the message of the owner's group on approval."""
    from community.models import MembershipStatus, PostReport

    post = _closed_group(world).posts.get()
    report = PostReport.objects.filter(post=post).first()
    if report is None:
        reporter = VerifiedMemberFactory()
        post.group.memberships.create(user=reporter, status=MembershipStatus.ACTIVE)
        report = PostReport.objects.create(post=post, reporter=reporter, reason="spam", text="ZEBRE-SIGNALEMENT")
        world.conversation_secrets.append("ZEBRE-SIGNALEMENT")
    return report


def _blocked_period(world):
    """Days the owner blocked on their annonce, for the walk to try to unblock."""
    from exchanges.models import BlockedPeriod

    day = datetime.date(2030, 1, 7)
    return BlockedPeriod.objects.get_or_create(listing=world.listing, first_day=day, last_day=day)[0]


PARAMETERS = {
    "pk": lambda w: w.listing.pk,
    "slug": lambda w: w.event.slug,
    "token": lambda w: "1:not-a-signature",
    "key": lambda w: "not-a-real-key",
    "uidb36": lambda w: "1",
    "url": lambda w: "nowhere/",  # the admin's catch-all
    "object_id": lambda w: w.listing.pk,
    "photo_id": lambda w: w.photo.pk,
    "id": lambda w: w.owner.pk,
    "app_label": lambda w: "listings",
    "content_type_id": lambda w: ContentType.objects.get_for_model(w.listing).pk,
}


@dataclass
class Route:
    name: str
    pattern: str

    def url(self, world) -> str:
        def fill(match):
            parameter = match.group("name")
            filler = ROUTE_PARAMETERS.get(self.name, {}).get(parameter) or PARAMETERS.get(parameter)
            if filler is None:
                pytest.fail(f"route {self.name} ({self.pattern}): add how to fill <{parameter}> to PARAMETERS")
            return str(filler(world))

        path = re.sub(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)", fill, self.pattern)  # regex routes
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)  # path() converters
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
    assert {"venue:home", "listings:list", "listings:photo", "members:account", "admin:index", "v1:me"} <= names
    assert not [name for name in PUBLIC_ROUTES if name not in names], "PUBLIC_ROUTES names a route that is gone"
    assert not [name for name in OWNER_ONLY_ROUTES if name not in names], "OWNER_ONLY_ROUTES names a route that is gone"


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def walk(world, who, user=None):
    """GET and POST (and PATCH, DELETE and OPTIONS on the API and the app's authentication) every
    route as `user` (None: anonymous); yields (route, method, url, response)."""
    client = Client()
    for route in ROUTES:
        url = route.url(world)
        # The API also answers PATCH, DELETE and OPTIONS (an app's preflight): walk them there too.
        api = url.startswith(("/api/", "/_allauth/"))
        for method in ("get", "post", "patch", "delete", "options") if api else ("get", "post"):
            if user is not None:
                client.force_login(user)  # again each time: the walk posts to the logout route too
            response = getattr(client, method)(url)
            assert response.status_code < 500, f"{who}: {method.upper()} {url} answered {response.status_code}"
            yield route, method, url, response


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "unverified"])
def test_no_route_shows_annonce_data_to_anonymous_or_unverified_people(world, who):
    user = UserFactory() if who == "unverified" else None
    secrets = world.annonce_secrets + world.conversation_secrets
    for route, method, url, response in walk(world, who, user):
        leaked = [secret for secret in secrets if secret in body_of(response)]
        assert not leaked, f"{who} sees {leaked} at {method.upper()} {url}"
        assert not response.get("Content-Type", "").startswith("image/"), f"{who} gets a photo at {url}"
        if who == "anonymous" and method == "get" and route.name not in PUBLIC_ROUTES:
            assert not 200 <= response.status_code < 300, (
                f"{url} ({route.name}) answers {response.status_code} to anonymous visitors: "
                "list it in PUBLIC_ROUTES with a reason, or put it behind the wall"
            )


@pytest.mark.django_db
def test_a_verified_member_cannot_touch_or_read_what_is_not_theirs(world):
    for route, method, url, response in walk(world, "verified non-owner", VerifiedMemberFactory()):
        leaked = [secret for secret in world.conversation_secrets if secret in body_of(response)]
        assert not leaked, f"a verified non-owner sees {leaked} at {method.upper()} {url}"
        # OPTIONS describes the route (methods, the body it takes), the same for any id: it reads
        # no object, so it says nothing about somebody else's annonce.
        if route.name in OWNER_ONLY_ROUTES and method != "options":
            # 405 to a method the route never accepts says nothing about the annonce: it is the same for any id.
            never_accepted = response.status_code == 405 and method.upper() not in response.get("Allow", "")
            refused = response.status_code == 404 or never_accepted
            assert refused, f"{method.upper()} {url} answers {response.status_code}, not 404"
    # And nothing the walk posted changed the owner's annonce.
    world.listing.refresh_from_db()
    assert world.listing.status == "published"
    assert world.listing.title == "Perceuse ZEBRE-TITRE à prêter"
    # Nor the exchange, nor its review, nor did it ask for the annonce.
    world.exchange.refresh_from_db()
    assert world.exchange.status == "completed" and world.exchange.handover_place == ""
    assert world.exchange.reviews.count() == 1 and not world.review.reports.exists()
    assert world.listing.exchanges.count() == 1
    # Nor the owner's alert.
    alert = world.owner.saved_searches.get()
    assert alert.active and alert.label == "ZEBRE-ALERTE privée"
    # Nor was the owner's annonce shared with any group, nor a report on their group decided.
    assert not world.listing.group_shares.exists()
    assert _group_report(world).status == "open"
