"""The exchanges API as the app lives it: ask, answer, hand over, finish, thank; the wall (401/403),
someone else's exchange (404), taken dates (409), bad dates (400 with the field), a change the
state refuses (409), never a 500; a member's profile; an annonce's availability."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from exchanges import services
from exchanges.models import Exchange, ExchangeStatus
from exchanges.tests.factories import ExchangeFactory, help_listing, in_days, loan_listing, trip_listing
from listings import services as listing_services
from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

EXCHANGES = "/api/v1/exchanges/"
ACTIONS = ["accept", "decline", "withdraw", "cancel", "complete", "handover", "review", "messages"]


def client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def url(exchange, action=None) -> str:
    return f"{EXCHANGES}{exchange.pk}/" + (f"{action}/" if action else "")


def ask(api, listing, first=10, last=12, **body):
    return api.post(
        EXCHANGES,
        {
            "listing": listing.pk,
            "start": str(in_days(first)),
            "end": str(in_days(last)),
            "message": "Bonjour !",
            **body,
        },
        format="json",
    )


def time_passes(exchange, days):
    """The calendar moves on: the exchange's dates are now `days` earlier than they were."""
    Exchange.objects.filter(pk=exchange.pk).update(
        start=F("start") - dt.timedelta(days=days), end=F("end") - dt.timedelta(days=days)
    )


# --- The wall -------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", [None, *ACTIONS])
def test_anonymous_gets_401_and_unverified_403(action):
    exchange = ExchangeFactory()
    target = url(exchange, action) if action else EXCHANGES
    for method in ("get", "post"):
        assert getattr(client_for(), method)(target).status_code == 401
        assert getattr(client_for(UserFactory()), method)(target).status_code == 403
    for target in (f"/api/v1/members/{exchange.provider_id}/", f"/api/v1/listings/{exchange.listing_id}/availability/"):
        assert client_for().get(target).status_code == 401
        assert client_for(UserFactory()).get(target).status_code == 403


@pytest.mark.parametrize("action", [None, *ACTIONS])
def test_someone_elses_exchange_is_404_never_403(action):
    exchange = ExchangeFactory()
    stranger = client_for(VerifiedMemberFactory())
    method = "post" if action else "get"
    response = getattr(stranger, method)(
        url(exchange, action), {"reason": "x", "rating": 5, "body": "x"}, format="json"
    )
    assert response.status_code == 404
    assert client_for(VerifiedMemberFactory()).get(f"{EXCHANGES}999999/").status_code == 404
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.REQUESTED
    assert not client_for(VerifiedMemberFactory()).get(EXCHANGES).json()["results"]


def test_every_route_answers_options():
    exchange = ExchangeFactory()
    api = client_for(exchange.initiator)
    for target in [EXCHANGES, url(exchange), *(url(exchange, a) for a in ACTIONS)]:
        assert api.options(target).status_code == 200, target
    for target in (f"/api/v1/members/{exchange.provider_id}/", f"/api/v1/listings/{exchange.listing_id}/availability/"):
        assert api.options(target).status_code == 200, target


# --- The whole flow -------------------------------------------------------------------------------
def test_request_accept_handover_complete_and_both_review():
    listing = loan_listing(title="Perceuse à percussion")
    listing.category.cover_text, listing.category.cover_url = "Votre contrat habitation couvre le prêt.", ""
    listing.category.save()
    lender, borrower = listing.author, VerifiedMemberFactory(display_name="Basile R.")
    lending, borrowing = client_for(lender), client_for(borrower)

    created = ask(borrowing, listing, 10, 12, message="Je peux la prendre samedi ?")
    assert created.status_code == 201, created.json()
    data = created.json()
    exchange = Exchange.objects.get(pk=data["id"])
    assert data["status"] == "requested" and data["role"] == "receiver" and data["is_initiator"]
    assert (data["first_day"], data["last_day"]) == (str(in_days(10)), str(in_days(12)))
    assert data["listing"] == {
        "id": listing.pk,
        "title": "Perceuse à percussion",
        "kind": "offer",
        "category": "pret-objets",
    }
    assert data["provider"]["id"] == lender.pk and data["receiver"] == {"id": borrower.pk, "display_name": "Basile R."}
    assert data["actions"] == ["withdraw", "message"]  # the hand-over is agreed once accepted
    assert [m["body"] for m in data["messages"]] == ["Je peux la prendre samedi ?"]
    assert data["cover"]["text"] == "Votre contrat habitation couvre le prêt."
    assert data["number"] == exchange.number

    mine = lending.get(EXCHANGES, {"role": "provider"}).json()
    assert [e["id"] for e in mine["results"]] == [exchange.pk] and mine["results"][0]["role"] == "provider"
    assert lending.get(url(exchange)).json()["actions"] == ["accept", "decline", "message"]

    accepted = lending.post(url(exchange, "accept"))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["declined"] == []
    at = (timezone.now() + dt.timedelta(days=9)).replace(microsecond=0)
    handover = borrowing.post(
        url(exchange, "handover"),
        {"place": "other", "at": at.isoformat(), "note": "Devant la boulangerie"},
        format="json",
    )
    assert handover.status_code == 200, handover.json()
    assert handover.json()["handover"]["place"] == "other"
    assert handover.json()["handover"]["note"] == "Devant la boulangerie"
    written = borrowing.post(url(exchange, "messages"), {"body": "Parfait, à samedi."}, format="json")
    assert written.status_code == 201 and written.json()["is_mine"]
    thread = lending.get(url(exchange)).json()["messages"]
    assert [(m["body"], m["is_mine"]) for m in thread][-1] == ("Parfait, à samedi.", False)

    time_passes(exchange, 11)  # the loan has started
    assert "complete" in borrowing.get(url(exchange)).json()["actions"]
    completed = borrowing.post(url(exchange, "complete"))
    assert completed.status_code == 200 and completed.json()["status"] == "completed"
    assert "review" in completed.json()["actions"]

    first = borrowing.post(url(exchange, "review"), {"rating": 5, "text": "Merci, parfaite !"}, format="json")
    assert first.status_code == 200 and not first.json()["reviews_revealed"]
    assert [r["text"] for r in first.json()["reviews"]] == ["Merci, parfaite !"]  # one's own, before the reveal
    assert lending.get(url(exchange)).json()["reviews"] == []  # the other's stays hidden until both wrote
    second = lending.post(url(exchange, "review"), {"rating": 4, "text": "Rendue propre."}, format="json")
    assert second.status_code == 200 and second.json()["reviews_revealed"]
    assert {r["text"] for r in second.json()["reviews"]} == {"Merci, parfaite !", "Rendue propre."}
    assert "review" not in second.json()["actions"]
    assert borrowing.post(url(exchange, "review"), {"rating": 1}, format="json").status_code == 409  # final now

    profile = borrowing.get(f"/api/v1/members/{lender.pk}/").json()
    assert profile["completed_as_provider"] == 1 and profile["completed_as_receiver"] == 0
    assert [(r["rating"], r["text"], r["author"]["id"]) for r in profile["reviews"]] == [
        (5, "Merci, parfaite !", borrower.pk)
    ]
    assert profile["average_rating"] == 5.0 and profile["is_verified"]


def test_accepting_declines_the_pending_requests_it_conflicts_with_and_a_later_request_is_409():
    listing = loan_listing()
    lending = client_for(listing.author)
    chosen = ask(client_for(VerifiedMemberFactory()), listing, 10, 12).json()["id"]
    overlapping = ask(client_for(VerifiedMemberFactory()), listing, 11, 14).json()["id"]
    accepted = lending.post(f"{EXCHANGES}{chosen}/accept/")
    assert accepted.json()["declined"] == [overlapping]
    again = lending.post(f"{EXCHANGES}{overlapping}/accept/")
    assert again.status_code == 409 and "plus en attente" in again.json()["detail"]

    late = ask(client_for(VerifiedMemberFactory()), listing, 12, 13)
    assert late.status_code == 409
    body = late.json()
    assert "déjà prises" in body["detail"]
    assert body["conflicts"] == [{"id": None, "first_day": str(in_days(10)), "last_day": str(in_days(12))}]
    assert Exchange.objects.count() == 2


def test_a_trip_is_asked_by_seats_and_a_full_trip_is_409():
    trip = trip_listing(seats=3)
    driving = client_for(trip.author)
    pair = client_for(VerifiedMemberFactory()).post(
        EXCHANGES, {"listing": trip.pk, "seats": 2, "start": "ignoré", "message": "Nous deux ?"}, format="json"
    )
    assert pair.status_code == 201 and pair.json()["seats"] == 2 and pair.json()["unit"] == "seats"
    driving.post(f"{EXCHANGES}{pair.json()['id']}/accept/")
    availability = driving.get(f"/api/v1/listings/{trip.pk}/availability/").json()
    assert (availability["unit"], availability["seats_total"], availability["seats_left"]) == ("seats", 3, 1)
    assert availability["departure"] is not None
    too_many = client_for(VerifiedMemberFactory()).post(
        EXCHANGES, {"listing": trip.pk, "seats": 2, "message": "Encore deux ?"}, format="json"
    )
    assert too_many.status_code == 409 and "1 place" in too_many.json()["detail"]
    assert too_many.json()["conflicts"] == []


def test_a_slot_is_asked_with_a_date_and_time():
    listing = help_listing()
    start = timezone.localtime(timezone.now() + dt.timedelta(days=4)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    api = client_for(VerifiedMemberFactory())
    body = {"listing": listing.pk, "start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}
    response = api.post(EXCHANGES, {**body, "message": "Je viens aider"}, format="json")
    assert response.status_code == 201 and response.json()["unit"] == "slot"
    day_only = api.post(EXCHANGES, {**body, "start": str(in_days(4)), "message": "Ok"}, format="json")
    assert day_only.status_code == 400 and set(day_only.json()) == {"start"}


# --- Bad input: 400 with the field, nothing saved -------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "{past}", "end": "{soon}"}, "start"),
        ({"start": "{later}", "end": "{soon}"}, "end"),
        ({"start": "{blocked}", "end": "{blocked}"}, "start"),
        ({"start": "pas-une-date"}, "start"),
        ({"end": "9999-12-31", "start": "9999-12-30"}, "start"),
        ({"start": 12}, "start"),
        ({"seats": "beaucoup"}, "seats"),
        ({"listing": 999999}, "listing"),
        ({"listing": "abc"}, "listing"),
        ({"listing": None}, "listing"),
        ({"message": "   "}, "message"),
        ({"message": ["une", "liste"]}, "message"),
    ],
    ids=[
        "in the past",
        "end before start",
        "on blocked days",
        "not a date",
        "year 9999",
        "a number",
        "seats not a number",
        "unknown annonce",
        "annonce not an id",
        "annonce null",
        "blank message",
        "message a list",
    ],
)
def test_bad_input_is_400_with_its_field(body, field):
    listing = loan_listing()
    services.blocked_period_add(listing=listing, by=listing.author, first_day=in_days(20), last_day=in_days(22))
    days = {"past": in_days(-2), "soon": in_days(5), "later": in_days(8), "blocked": in_days(21)}
    body = {k: v.format(**days) if isinstance(v, str) else v for k, v in body.items()}
    payload = {"listing": listing.pk, "start": str(in_days(3)), "end": str(in_days(4)), "message": "Bonjour", **body}
    response = client_for(VerifiedMemberFactory()).post(EXCHANGES, payload, format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()) == [field] and all(isinstance(m, str) for m in response.json()[field])
    assert not Exchange.objects.exists()


@pytest.mark.parametrize(
    "payload", ['{"listing": ', "[1, 2]", '"texte"', "null"], ids=["truncated", "list", "str", "null"]
)
def test_malformed_json_is_400_never_500(payload):
    exchange = ExchangeFactory()
    api = client_for(exchange.initiator)
    for target in (EXCHANGES, url(exchange, "review"), url(exchange, "handover"), url(exchange, "cancel")):
        response = api.post(target, payload, content_type="application/json")
        assert response.status_code == 400, (target, response.status_code)
        assert isinstance(response.json(), dict)


def test_a_list_filter_with_an_unknown_value_is_400():
    api = client_for(VerifiedMemberFactory())
    assert api.get(EXCHANGES, {"role": "voleur"}).json() == {"role": ["« provider » ou « receiver »."]}
    assert set(api.get(EXCHANGES, {"status": "perdu"}).json()) == {"status"}


def test_the_list_filters_by_role_and_status():
    member = VerifiedMemberFactory()
    lent = ExchangeFactory(listing=loan_listing(author=member))
    borrowed = ExchangeFactory(initiator=member, status=ExchangeStatus.ACCEPTED)
    api = client_for(member)

    def ids(**query):
        return {e["id"] for e in api.get(EXCHANGES, query).json()["results"]}

    assert ids() == {lent.pk, borrowed.pk}
    assert ids(role="provider") == {lent.pk}
    assert ids(role="receiver") == {borrowed.pk}
    assert ids(status="accepted") == {borrowed.pk}
    assert ids(role="provider", status="accepted") == set()


# --- The state refuses: 409 ----------------------------------------------------------------------
def test_changes_the_state_or_side_does_not_allow_are_409_and_change_nothing():
    listing = loan_listing()
    borrower = VerifiedMemberFactory()
    exchange = Exchange.objects.get(pk=ask(client_for(borrower), listing).json()["id"])
    lending, borrowing = client_for(listing.author), client_for(borrower)
    refused = [
        (borrowing, "accept", {}),  # only the author accepts
        (borrowing, "decline", {}),
        (lending, "withdraw", {}),  # only the one who asked withdraws
        (lending, "cancel", {"reason": "Plus dispo"}),  # a request is declined, not cancelled
        (borrowing, "complete", {}),
        (borrowing, "review", {"rating": 5}),
    ]
    for api, action, body in refused:
        response = api.post(url(exchange, action), body, format="json")
        assert response.status_code == 409, (action, response.json())
        assert set(response.json()) == {"detail"}
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.REQUESTED

    lending.post(url(exchange, "accept"))
    assert lending.post(url(exchange, "complete")).status_code == 409  # not started yet
    no_reason = borrowing.post(url(exchange, "cancel"), {"reason": "  "}, format="json")
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    assert borrowing.post(url(exchange, "cancel"), {}, format="json").json().keys() == {"reason"}
    cancelled = borrowing.post(url(exchange, "cancel"), {"reason": "Plus besoin"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["cancel_reason"] == "Plus besoin"
    assert borrowing.post(url(exchange, "handover"), {"place": "other"}, format="json").status_code == 409


def test_a_decline_may_say_why_and_a_withdrawal_needs_nothing():
    listing = loan_listing()
    first = ask(client_for(VerifiedMemberFactory()), listing).json()["id"]
    declined = client_for(listing.author).post(
        f"{EXCHANGES}{first}/decline/", {"reason": "En réparation"}, format="json"
    )
    assert declined.json()["status"] == "declined" and declined.json()["decline_reason"] == "En réparation"
    borrower = VerifiedMemberFactory()
    second = ask(client_for(borrower), listing).json()["id"]
    assert client_for(borrower).post(f"{EXCHANGES}{second}/withdraw/").json()["status"] == "withdrawn"


def test_a_handover_at_the_club_when_it_is_closed_is_400_on_at():
    exchange = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    api = client_for(exchange.initiator)
    response = api.post(url(exchange, "handover"), {"place": "club"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["at"]
    past = api.post(url(exchange, "handover"), {"place": "other", "at": "2020-01-01T10:00:00Z"}, format="json")
    assert past.status_code == 400 and list(past.json()) == ["at"]
    far = api.post(url(exchange, "handover"), {"place": "other", "at": "9999-12-31T23:59:59+14:00"}, format="json")
    assert far.status_code == 400 and list(far.json()) == ["at"]
    assert api.post(url(exchange, "handover"), {"place": "lune"}, format="json").json().keys() == {"place"}


def test_a_rating_out_of_range_is_400():
    exchange = ExchangeFactory(status=ExchangeStatus.COMPLETED, completed_at=timezone.now())
    api = client_for(exchange.initiator)
    for rating in (0, 6, "cinq", None):
        response = api.post(url(exchange, "review"), {"rating": rating}, format="json")
        assert response.status_code == 400 and list(response.json()) == ["rating"]
    assert not exchange.reviews.exists()


# --- Fixed cost -------------------------------------------------------------------------------------
def test_the_list_costs_the_same_queries_for_one_exchange_or_five():
    member = VerifiedMemberFactory()
    api = client_for(member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(EXCHANGES).status_code == 200
        return len(captured)

    ExchangeFactory(initiator=member)
    one = queries()
    for _ in range(4):
        ExchangeFactory(initiator=member, status=ExchangeStatus.COMPLETED, completed_at=timezone.now())
    assert api.get(EXCHANGES).json()["count"] == 5
    assert queries() == one


# --- A member's profile, the annonces' authors, /me ------------------------------------------------
def test_a_members_profile_and_404_for_unknown_or_closed_accounts():
    member = VerifiedMemberFactory(display_name="Ondine P.")
    api = client_for(VerifiedMemberFactory())
    profile = api.get(f"/api/v1/members/{member.pk}/")
    assert profile.status_code == 200
    data = profile.json()
    assert (data["id"], data["display_name"], data["is_verified"]) == (member.pk, "Ondine P.", True)
    assert data["member_since"] and data["reviews"] == [] and data["average_rating"] is None
    assert "email" not in data and member.email not in profile.content.decode()
    assert api.get("/api/v1/members/999999/").status_code == 404
    member.is_active = False
    member.save()
    assert api.get(f"/api/v1/members/{member.pk}/").status_code == 404


def test_me_and_every_annonces_author_carry_the_members_id():
    member = VerifiedMemberFactory()
    listing = ListingFactory()
    api = client_for(member)
    assert api.get("/api/v1/me/").json()["id"] == member.pk
    assert api.get(f"/api/v1/listings/{listing.pk}/").json()["author"]["id"] == listing.author_id
    assert {item["author"]["id"] for item in api.get("/api/v1/listings/").json()["results"]} == {listing.author_id}
    assert api.get(f"/api/v1/members/{listing.author_id}/").status_code == 200


# --- Availability ---------------------------------------------------------------------------------
def test_availability_shows_taken_and_blocked_days_never_who():
    listing = loan_listing()
    taker = VerifiedMemberFactory(display_name="Personne Secrète")
    ExchangeFactory(listing=listing, initiator=taker, status=ExchangeStatus.ACCEPTED)  # days 10 to 12
    ExchangeFactory(listing=listing)  # only requested: holds nothing
    blocked = services.blocked_period_add(
        listing=listing, by=listing.author, first_day=in_days(20), last_day=in_days(21)
    )
    response = client_for(VerifiedMemberFactory()).get(f"/api/v1/listings/{listing.pk}/availability/")
    assert response.status_code == 200
    data = response.json()
    assert data["unit"] == "days" and data["today"] == str(timezone.localdate())
    assert data["spans"] == [
        {"first_day": str(in_days(10)), "last_day": str(in_days(12)), "kind": "taken", "id": None},
        {"first_day": str(in_days(20)), "last_day": str(in_days(21)), "kind": "blocked", "id": None},
    ]
    assert "Personne Secrète" not in response.content.decode()
    own = client_for(listing.author).get(f"/api/v1/listings/{listing.pk}/availability/").json()
    assert own["spans"][1]["id"] == blocked.pk  # the author may unblock it


def test_availability_is_404_for_an_annonce_one_cannot_read():
    listing = loan_listing()
    listing_services.listing_hide(listing=listing, by=StaffFactory())
    assert client_for(VerifiedMemberFactory()).get(f"/api/v1/listings/{listing.pk}/availability/").status_code == 404
    assert client_for(VerifiedMemberFactory()).get("/api/v1/listings/999999/availability/").status_code == 404
    plain = client_for(VerifiedMemberFactory()).get(f"/api/v1/listings/{ListingFactory().pk}/availability/")
    assert plain.status_code == 200 and plain.json()["unit"] == ""


def test_asking_for_ones_own_annonce_is_409_and_huge_ids_are_never_500():
    listing = loan_listing()
    api = client_for(listing.author)
    own = ask(api, listing)
    assert own.status_code == 409 and "votre annonce" in own.json()["detail"]
    huge = 10**20
    body = {"listing": huge, "start": str(in_days(3)), "message": "Bonjour"}
    assert list(api.post(EXCHANGES, body, format="json").json()) == ["listing"]
    assert api.get(f"{EXCHANGES}{huge}/").status_code == 404
    assert api.post(f"{EXCHANGES}{huge}/accept/").status_code == 404
    assert api.get(f"/api/v1/members/{huge}/").status_code == 404
    assert api.get(f"/api/v1/listings/{huge}/availability/").status_code == 404


def test_writing_to_a_suspended_member_is_409_with_the_reason():
    exchange = ExchangeFactory()
    provider = exchange.provider
    provider.is_active = False
    provider.save()
    response = client_for(exchange.initiator).post(url(exchange, "messages"), {"body": "Toujours là ?"}, format="json")
    assert response.status_code == 409 and "suspendu" in response.json()["detail"]
    blank = client_for(exchange.initiator).post(url(exchange, "messages"), {"body": "  "}, format="json")
    assert blank.status_code == 400 and list(blank.json()) == ["body"]
