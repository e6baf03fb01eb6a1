"""Thanks and trust: each side reviews the other after completion; a review is revealed when both
have written or 14 days after completion, and is final from then on."""

import datetime as dt

import pytest
from django.utils import timezone

from exchanges import reviews, selectors
from exchanges.errors import ExchangeError, ForbiddenTransition
from exchanges.models import ExchangeStatus
from exchanges.tests.factories import ExchangeFactory
from members.tests.factories import StaffFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done():
    completed = timezone.now() - dt.timedelta(days=1)
    return ExchangeFactory(status=ExchangeStatus.COMPLETED, completed_at=completed)


def test_a_review_waits_for_the_other_side_then_both_show(done):
    lender, borrower = done.provider, done.receiver
    mine = reviews.review_write(exchange=done, author=borrower, rating=5, text="Merci, perceuse impeccable !")
    assert mine.subject == lender
    assert selectors.visible_reviews_of(done, lender) == []  # the lender does not see it yet
    assert selectors.visible_reviews_of(done, borrower) == [mine]  # its author does
    assert selectors.member_record(lender).reviews == []
    # The author may still change it while it is private.
    reviews.review_write(exchange=done, author=borrower, rating=4, text="Merci !")
    theirs = reviews.review_write(exchange=done, author=lender, rating=5, text="Rendue à l'heure.")
    assert {r.pk for r in selectors.visible_reviews_of(done, lender)} == {mine.pk, theirs.pk}
    record = selectors.member_record(lender)
    assert [r.text for r in record.reviews] == ["Merci !"] and record.average_rating == 4.0
    with pytest.raises(ForbiddenTransition):  # final once revealed
        reviews.review_write(exchange=done, author=borrower, rating=1, text="Finalement non")


def test_a_lone_review_is_revealed_fourteen_days_after_completion(done, settings):
    review = reviews.review_write(exchange=done, author=done.receiver, rating=5, text="Top")
    day_13 = done.completed_at + settings.REVIEW_REVEAL_AFTER - dt.timedelta(hours=1)
    day_14 = done.completed_at + settings.REVIEW_REVEAL_AFTER
    assert selectors.visible_reviews_of(done, done.provider, now=day_13) == []
    assert selectors.visible_reviews_of(done, done.provider, now=day_14) == [review]
    with pytest.raises(ForbiddenTransition):
        reviews.review_write(exchange=done, author=done.provider, rating=3, now=day_14)


def test_only_parties_of_a_completed_exchange_review_with_a_rating_of_1_to_5(done):
    with pytest.raises(ForbiddenTransition):
        reviews.review_write(exchange=done, author=VerifiedMemberFactory(), rating=5)
    with pytest.raises(ExchangeError) as error:
        reviews.review_write(exchange=done, author=done.receiver, rating=6)
    assert error.value.field == "rating"
    with pytest.raises(ForbiddenTransition):
        reviews.review_write(exchange=ExchangeFactory(status=ExchangeStatus.ACCEPTED), author=done.receiver, rating=5)


def test_a_reported_review_hidden_by_staff_leaves_the_profile(done):
    review = reviews.review_write(exchange=done, author=done.receiver, rating=1, text="Insultes")
    reviews.review_write(exchange=done, author=done.provider, rating=5, text="Très bien")
    report = reviews.review_report(review=review, reporter=done.provider, text="Propos injurieux")
    with pytest.raises(ExchangeError):
        reviews.review_report(review=review, reporter=done.provider, text="Encore")
    with pytest.raises(ForbiddenTransition):
        reviews.review_report(review=review, reporter=done.receiver, text="Mon propre avis")
    assert reviews.review_reports_decide(reports=type(report).objects.all(), by=StaffFactory(), hide=True) == 1
    assert selectors.member_record(done.provider).reviews == []
