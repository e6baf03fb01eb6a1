"""Property-based run of the whole API with schemathesis, against the WSGI application.

A database with annonces (the member's own, others', a hidden one, a photo), a conversation,
exchanges (the member asking, and asked), events, a booking and the venue; the requests carry the
X-Session-Token of a verified member who logged in through django-allauth headless, as the app
does. Every operation gets valid and invalid input, then real ids in its path; every answer must be
below 500 and match the schema (status code, content type, body).

Bounded: a few examples per operation, derandomized (the same cases on every run, so CI is
stable), no deadline. DELETE of an annonce or a photo is left out: it would remove the data the
other operations need mid-run; the unit tests in listings/tests/test_api.py cover it."""

from collections import defaultdict

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from events.services import booking_create
from events.tests.factories import EventFactory, ExhibitionFactory
from exchanges import services as exchange_services
from exchanges.tests.factories import in_days, loan_listing
from listings import services
from listings.photos import prepare_photo
from listings.tests.factories import ListingFactory, upload
from members.tests.factories import PASSWORD, StaffFactory, VerifiedMemberFactory
from messaging import services as messaging_services
from venue.tests.factories import OpeningHoursFactory, PartnerFactory, RoomFactory, VenueFactory

EXAMPLES_PER_OPERATION = 5
EXCLUDED = {("DELETE", "/api/v1/listings/{pk}/"), ("DELETE", "/api/v1/listings/{pk}/photos/{photo_id}/")}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes the database connection after each request; in a test that would
    end the test's transaction. Django's test client does the same as this while it runs."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo_world(db, client):
    member = VerifiedMemberFactory(display_name="Membre testé")
    other = VerifiedMemberFactory()
    mine = ListingFactory(author=member)
    services.photos_add(listing=mine, photos=[prepare_photo(upload())])
    theirs = [ListingFactory(author=other, title=f"Annonce {n}") for n in range(3)]
    services.listing_hide(listing=ListingFactory(author=other), by=StaffFactory())
    message = messaging_services.conversation_start(listing=theirs[0], sender=member, body="Bonjour")
    lent, borrowed = loan_listing(author=member), loan_listing(author=other)
    exchanges = [
        exchange_services.exchange_request(
            listing=listing, initiator=asker, start=in_days(10), end=in_days(12), message="Disponible ?"
        )
        for listing, asker in ((borrowed, member), (lent, other))
    ]
    venue = VenueFactory()
    RoomFactory(venue=venue)
    OpeningHoursFactory(venue=venue)
    event = EventFactory()
    event.partners.add(PartnerFactory())
    ExhibitionFactory()
    booking = booking_create(event=event, name="Membre testé", email=member.email, seats=1, user=member)
    from alerts.tests.factories import saved_search

    alerts = [saved_search("q=tente&near=75011", user=member), saved_search("q=velo", user=other)]
    from community.tests.factories import GroupFactory, PostFactory

    groups = [GroupFactory(founder=member), GroupFactory(founder=other, access="approval")]
    PostFactory(group=groups[0], author=member)
    from community.tests.factories import ProposalFactory

    proposals = [ProposalFactory(proposer=member), ProposalFactory(proposer=other, state="declined")]
    login = client.post(
        "/_allauth/app/v1/auth/login", {"email": member.email, "password": PASSWORD}, content_type="application/json"
    )
    return {
        "token": login.json()["meta"]["session_token"],
        # Real ids for each path parameter, by the collection the path is under.
        "ids": {
            "/api/v1/listings/": {"pk": [mine.pk, theirs[0].pk, lent.pk], "photo_id": [mine.photos.get().pk]},
            "/api/v1/photos/": {"pk": [mine.photos.get().pk], "size": ["thumb", "large"]},
            "/api/v1/conversations/": {"pk": [message.conversation_id]},
            "/api/v1/bookings/": {"pk": [booking.pk]},
            "/api/v1/exchanges/": {"pk": [exchange.pk for exchange in exchanges]},
            "/api/v1/members/": {"pk": [member.pk, other.pk]},
            "/api/v1/events/": {"slug": [event.slug]},
            "/api/v1/saved-searches/": {"pk": [alert.pk for alert in alerts]},
            "/api/v1/groups/": {"pk": [group.pk for group in groups]},
            "/api/v1/proposals/": {"pk": [proposal.pk for proposal in proposals]},
        },
    }


def real_ids(operation, ids):
    """A strategy of cases whose path parameters are real ids, or None for a path without any."""
    names = [parameter.name for parameter in operation.path_parameters]
    if not names:
        return None
    known = next(values for prefix, values in ids.items() if operation.path.startswith(prefix))
    fixed = st.fixed_dictionaries({name: st.sampled_from(known[name]) for name in names})
    return fixed.flatmap(lambda values: operation.as_strategy(path_parameters=values))


def test_no_input_gives_a_5xx_and_every_answer_matches_the_schema(demo_world, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_dict(SchemaGenerator(urlconf="club.api_urls").get_schema(public=True))
    schema.app = wsgi_in_test_transaction
    headers = {"X-Session-Token": demo_world["token"]}
    answers = defaultdict(set)
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in EXCLUDED:
            continue
        generated = st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])
        with_ids = real_ids(operation, demo_world["ids"])
        for strategy in [generated] if with_ids is None else [generated, with_ids]:

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def call(case):
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                answers[case.method.upper(), case.path].add(response.status_code)

            call()
        tried += 1
    assert tried >= 20  # every operation of the API but the two excluded
    # The token was accepted: walled reads answered, and real ids reached real objects.
    assert 200 in answers["GET", "/api/v1/listings/"]
    assert 200 in answers["GET", "/api/v1/conversations/{pk}/"]
    assert 200 in answers["GET", "/api/v1/events/{slug}/"]
    assert 200 in answers["GET", "/api/v1/exchanges/{pk}/"]
    assert 200 in answers["GET", "/api/v1/members/{pk}/"]
    assert 200 in answers["GET", "/api/v1/saved-searches/{pk}/"]
    assert 200 in answers["GET", "/api/v1/listings/{pk}/availability/"]
