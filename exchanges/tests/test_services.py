"""The exchange's rules, as a member lives them: ask, answer, hand over, finish, never double-booked."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from exchanges import services
from exchanges.errors import ExchangeConflict, ExchangeError, ForbiddenTransition
from exchanges.models import Exchange, ExchangeStatus, TripSeats, day_start
from exchanges.tests.factories import ExchangeFactory, help_listing, in_days, loan_listing, trip_listing
from members.tests.factories import UserFactory, VerifiedMemberFactory
from messaging.models import Conversation

pytestmark = pytest.mark.django_db


def ask(listing, member=None, first=10, last=12, **kwargs):
    member = member or VerifiedMemberFactory()
    return services.exchange_request(
        listing=listing, initiator=member, start=in_days(first), end=in_days(last), message="Bonjour !", **kwargs
    )


def test_a_request_holds_nothing_opens_the_thread_and_tells_the_author(mailoutbox, django_capture_on_commit_callbacks):
    listing = loan_listing()
    borrower = VerifiedMemberFactory(display_name="Basile R.")
    with django_capture_on_commit_callbacks(execute=True):
        exchange = ask(listing, borrower)
    assert exchange.status == ExchangeStatus.REQUESTED
    assert (exchange.provider, exchange.receiver) == (listing.author, borrower)
    assert exchange.first_day == in_days(10) and exchange.last_day == in_days(12)
    thread = Conversation.objects.get(listing=listing, starter=borrower)
    assert [m.body for m in thread.messages.all()] == ["Bonjour !"]
    [mail] = [m for m in mailoutbox if m.to == [listing.author.email]]  # one e-mail, with the message in it
    assert "Basile R." in mail.subject and exchange.number in mail.body and "Bonjour !" in mail.body
    # Requests may overlap: another member asks for the same days.
    assert ask(listing).status == ExchangeStatus.REQUESTED


def test_a_request_on_a_request_listing_is_an_offer_to_provide():
    wanted = loan_listing(kind="request", title="Je cherche une tente")
    helper = VerifiedMemberFactory()
    exchange = ask(wanted, helper)
    assert (exchange.provider, exchange.receiver, exchange.initiator) == (helper, wanted.author, helper)


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [(-1, 2, "start"), (5, 3, "end"), (3, 200, "end")],
    ids=["in the past", "end before start", "too long"],
)
def test_bad_dates_name_their_field(first, last, field):
    with pytest.raises(ExchangeError) as error:
        ask(loan_listing(), first=first, last=last)
    assert error.value.field == field
    assert not Exchange.objects.exists()


def test_one_cannot_ask_for_ones_own_annonce_nor_unverified():
    listing = loan_listing()
    with pytest.raises(ForbiddenTransition):
        ask(listing, listing.author)
    with pytest.raises(ForbiddenTransition):
        ask(listing, UserFactory())


def test_blocked_days_and_accepted_days_refuse_a_request():
    listing = loan_listing()
    services.blocked_period_add(listing=listing, by=listing.author, first_day=in_days(20), last_day=in_days(22))
    with pytest.raises(ExchangeError) as error:
        ask(listing, first=22, last=25)
    assert error.value.field == "start"
    services.exchange_accept(exchange=ask(listing, first=10, last=12), by=listing.author)
    with pytest.raises(ExchangeConflict) as conflict:
        ask(listing, first=12, last=14)
    assert "déjà prises" in conflict.value.message
    assert ask(listing, first=13, last=14).status == ExchangeStatus.REQUESTED  # the day after is free


def test_accepting_declines_the_pending_requests_it_now_conflicts_with(mailoutbox, django_capture_on_commit_callbacks):
    listing = loan_listing()
    chosen = ask(listing, first=10, last=12)
    overlapping = ask(listing, first=11, last=15)
    later = ask(listing, first=13, last=14)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.exchange_accept(exchange=chosen, by=listing.author)
    assert result.exchange.status == ExchangeStatus.ACCEPTED
    assert [e.pk for e in result.declined] == [overlapping.pk]
    overlapping.refresh_from_db()
    later.refresh_from_db()
    assert overlapping.status == ExchangeStatus.DECLINED and "autre membre" in overlapping.decline_reason
    assert later.status == ExchangeStatus.REQUESTED
    assert {m.to[0] for m in mailoutbox} >= {chosen.initiator.email, overlapping.initiator.email}


def test_only_the_author_answers_and_only_pending_requests():
    listing = loan_listing()
    exchange = ask(listing)
    with pytest.raises(ForbiddenTransition):
        services.exchange_accept(exchange=exchange, by=exchange.initiator)
    with pytest.raises(ForbiddenTransition):
        services.exchange_decline(exchange=exchange, by=VerifiedMemberFactory())
    services.exchange_decline(exchange=exchange, by=listing.author, reason="Déjà prêtée")
    for change in (
        lambda: services.exchange_accept(exchange=exchange, by=listing.author),
        lambda: services.exchange_withdraw(exchange=exchange, by=exchange.initiator),
        lambda: services.exchange_cancel(exchange=exchange, by=listing.author, reason="x"),
        lambda: services.exchange_complete(exchange=exchange, by=listing.author),
    ):
        with pytest.raises(ForbiddenTransition):
            change()
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.DECLINED


def test_withdraw_is_the_initiators_and_only_before_an_answer():
    listing = loan_listing()
    exchange = ask(listing)
    with pytest.raises(ForbiddenTransition):
        services.exchange_withdraw(exchange=exchange, by=listing.author)
    services.exchange_withdraw(exchange=exchange, by=exchange.initiator)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.WITHDRAWN


def test_cancel_needs_a_reason_and_frees_the_dates():
    listing = loan_listing()
    exchange = services.exchange_accept(exchange=ask(listing), by=listing.author).exchange
    with pytest.raises(ExchangeError) as error:
        services.exchange_cancel(exchange=exchange, by=exchange.initiator, reason="  ")
    assert error.value.field == "reason"
    with pytest.raises(ForbiddenTransition):
        services.exchange_cancel(exchange=exchange, by=VerifiedMemberFactory(), reason="Je passe par là")
    services.exchange_cancel(exchange=exchange, by=exchange.initiator, reason="Plus besoin")
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.CANCELLED and exchange.cancelled_by == exchange.initiator
    assert ask(listing).status == ExchangeStatus.REQUESTED


def test_complete_only_once_started_by_either_side():
    listing = loan_listing()
    exchange = services.exchange_accept(exchange=ask(listing), by=listing.author).exchange
    with pytest.raises(ForbiddenTransition):
        services.exchange_complete(exchange=exchange, by=exchange.initiator)
    later = exchange.start + dt.timedelta(days=3)
    with pytest.raises(ForbiddenTransition):
        services.exchange_complete(exchange=exchange, by=VerifiedMemberFactory(), now=later)
    services.exchange_complete(exchange=exchange, by=exchange.initiator, now=later)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.COMPLETED and exchange.completed_at == later


def test_a_trips_seats_are_never_exceeded():
    trip = trip_listing(seats=3)
    two = services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=2, message="Deux places ?")
    one = services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Une place")
    also_two = services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=2, message="Nous deux")
    result = services.exchange_accept(exchange=two, by=trip.author)
    assert [e.pk for e in result.declined] == [also_two.pk]  # 1 seat left: the pair no longer fits
    services.exchange_accept(exchange=one, by=trip.author)
    assert TripSeats.objects.get(listing=trip).left == 0
    with pytest.raises(ExchangeConflict):
        services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Encore une ?")
    # And the database itself refuses a counter over the seats.
    with pytest.raises(IntegrityError), transaction.atomic():
        TripSeats.objects.filter(listing=trip).update(taken=4)
    services.exchange_cancel(exchange=one, by=one.initiator, reason="Malade")
    assert TripSeats.objects.get(listing=trip).left == 1


def test_a_slot_of_help_is_one_day_in_the_future():
    listing = help_listing()
    start = day_start(in_days(4)) + dt.timedelta(hours=14)
    exchange = services.exchange_request(
        listing=listing, initiator=VerifiedMemberFactory(), start=start, end=start + dt.timedelta(hours=2), message="Ok"
    )
    assert exchange.unit == "slot" and exchange.end - exchange.start == dt.timedelta(hours=2)
    with pytest.raises(ExchangeError) as error:
        services.exchange_request(
            listing=listing, initiator=VerifiedMemberFactory(), start=start, end=start, message="Ok"
        )
    assert error.value.field == "end"


def test_a_plain_annonce_is_not_exchangeable():
    from listings.tests.factories import ListingFactory

    with pytest.raises(ExchangeError) as error:
        ask(ListingFactory())
    assert error.value.field == "listing"


def test_unanswered_requests_expire_once(settings, mailoutbox, django_capture_on_commit_callbacks):
    listing = loan_listing()
    old = ExchangeFactory(listing=listing, created_at=timezone.now() - settings.EXCHANGE_REQUEST_TTL)
    fresh = ExchangeFactory(listing=listing)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.exchanges_expire() == 1
        assert services.exchanges_expire() == 0
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (ExchangeStatus.EXPIRED, ExchangeStatus.REQUESTED)
    assert [m.to for m in mailoutbox] == [[old.initiator.email]]


@pytest.mark.postgres
def test_the_database_refuses_two_overlapping_acceptances():
    listing = loan_listing()
    ExchangeFactory(listing=listing, status=ExchangeStatus.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExchangeFactory(listing=listing, status=ExchangeStatus.ACCEPTED, start=day_start(in_days(12)))
    # Back to back is fine: periods are half-open.
    ExchangeFactory(
        listing=listing, status=ExchangeStatus.ACCEPTED, start=day_start(in_days(13)), end=day_start(in_days(14))
    )


# Which change each state allows, and to whom: everything else is refused and changes nothing.
ALLOWED = {
    ExchangeStatus.REQUESTED: {"accept", "decline", "withdraw"},
    ExchangeStatus.ACCEPTED: {"cancel", "complete"},
}
CHANGES = {
    "accept": lambda e, now: services.exchange_accept(exchange=e, by=e.listing.author, now=now),
    "decline": lambda e, now: services.exchange_decline(exchange=e, by=e.listing.author, now=now),
    "withdraw": lambda e, now: services.exchange_withdraw(exchange=e, by=e.initiator, now=now),
    "cancel": lambda e, now: services.exchange_cancel(exchange=e, by=e.initiator, reason="Empêché", now=now),
    "complete": lambda e, now: services.exchange_complete(exchange=e, by=e.initiator, now=now),
}


@pytest.mark.parametrize("status", ExchangeStatus.values)
@pytest.mark.parametrize("change", list(CHANGES))
def test_the_state_machine_refuses_every_other_transition(status, change):
    exchange = ExchangeFactory(status=status)
    # Acceptance needs a start to come; completion a start that has come: ask at a moment that fits.
    now = exchange.start + dt.timedelta(hours=1) if change == "complete" else timezone.now()
    if change in ALLOWED.get(status, set()):
        CHANGES[change](exchange, now)
        exchange.refresh_from_db()
        assert exchange.status != status
    else:
        with pytest.raises(ForbiddenTransition):
            CHANGES[change](exchange, now)
        exchange.refresh_from_db()
        assert exchange.status == status
