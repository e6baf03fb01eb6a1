"""A member who deletes their account: their exchanges and reviews are in their export; after
erasure the other member keeps the exchange and its thread, with a nameless stand-in in its place."""

import pytest

from exchanges import reviews, selectors, services
from exchanges.models import Exchange, Review
from exchanges.tests.factories import in_days, loan_listing
from members.privacy import account_delete, account_export
from members.tests.factories import VerifiedMemberFactory
from messaging.privacy import is_stand_in

pytestmark = pytest.mark.django_db


def test_export_and_erasure_keep_the_other_members_record():
    listing = loan_listing()
    borrower = VerifiedMemberFactory(display_name="Bérénice L.")
    exchange = services.exchange_request(
        listing=listing, initiator=borrower, start=in_days(3), end=in_days(4), message="Pour mes étagères"
    )
    services.exchange_accept(exchange=exchange, by=listing.author)
    services.exchange_complete(exchange=exchange, by=borrower, now=exchange.start)
    reviews.review_write(exchange=exchange, author=borrower, rating=5, text="Merci beaucoup")

    data = account_export(user=borrower)
    assert [e["number"] for e in data["exchanges"]] == [exchange.number]
    assert data["exchanges"][0]["role"] == "receiver"
    assert data["reviews_written"][0]["text"] == "Merci beaucoup"

    account_delete(user=borrower)
    exchange = Exchange.objects.get(pk=exchange.pk)
    assert is_stand_in(exchange.receiver) and exchange.initiator == exchange.receiver
    assert not Review.objects.exists()
    conversation, thread = selectors.exchange_thread(exchange)
    assert [m.body for m in thread] == ["Pour mes étagères"]  # the lender still reads the thread
    assert exchange.receiver.profile.public_name != "Bérénice L."
