"""Never double-booked: many acceptances of one annonce at the same moment (PostgreSQL row locks,
and the exclusion constraint and the seats check behind them)."""

import threading

import pytest
from django.db import connection

from exchanges import services
from exchanges.errors import ExchangeConflict, ForbiddenTransition
from exchanges.models import Exchange, ExchangeStatus, TripSeats
from exchanges.tests.factories import in_days, loan_listing, trip_listing
from members.tests.factories import VerifiedMemberFactory


def run_at_once(count, action):
    """Run action(n) in `count` threads released together; returns (results, unexpected errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def attempt(n):
        try:
            barrier.wait()
            results.append(action(n))
        except (ExchangeConflict, ForbiddenTransition) as refusal:  # a clear answer, not a failure
            results.append(refusal)
        except Exception as error:  # anything else would be a 500
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_acceptances_of_overlapping_requests_accept_exactly_one():
    listing = loan_listing()
    requests = [
        services.exchange_request(
            listing=listing,
            initiator=VerifiedMemberFactory(),
            start=in_days(10 + n % 3),
            end=in_days(14),
            message="Je peux l'emprunter ?",
        )
        for n in range(30)
    ]
    results, errors = run_at_once(30, lambda n: services.exchange_accept(exchange=requests[n], by=listing.author))
    assert errors == []
    assert len(results) == 30
    accepted = Exchange.objects.filter(listing=listing, status=ExchangeStatus.ACCEPTED)
    assert accepted.count() == 1
    # Every other request was declined by the acceptance, or refused because it no longer waits.
    assert Exchange.objects.filter(listing=listing, status=ExchangeStatus.DECLINED).count() == 29


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_one_seat_acceptances_on_a_three_seat_trip_accept_exactly_three():
    trip = trip_listing(seats=3)
    requests = [
        services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Une place ?")
        for _ in range(10)
    ]
    results, errors = run_at_once(10, lambda n: services.exchange_accept(exchange=requests[n], by=trip.author))
    assert errors == []
    assert Exchange.objects.filter(listing=trip, status=ExchangeStatus.ACCEPTED).count() == 3
    assert TripSeats.objects.get(listing=trip).taken == 3
    # The seven others: declined as the trip filled up, none left waiting for seats that are gone.
    assert Exchange.objects.filter(listing=trip, status=ExchangeStatus.DECLINED).count() == 7
