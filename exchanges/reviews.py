"""Reviews after a completed exchange: writing one, the reveal rule, reports and moderation.

The rule: each side may review the other once the exchange is completed. A review stays private to
its author (who may change it) until both sides have written theirs or REVIEW_REVEAL_AFTER has
passed since completion, whichever comes first; from then on it is shown and final."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ExchangeError, ForbiddenTransition
from .models import Exchange, ExchangeStatus, Review, ReviewReport


def reviews_revealed_at(exchange: Exchange, reviews=None, *, now=None):
    """When the reviews of `exchange` are (or will be) revealed: None before completion."""
    if exchange.completed_at is None:
        return None
    deadline = exchange.completed_at + settings.REVIEW_REVEAL_AFTER
    reviews = list(exchange.reviews.all()) if reviews is None else reviews
    if len({review.author_id for review in reviews}) >= 2:
        return min(deadline, max(review.created_at for review in reviews))
    return deadline


def reviews_are_revealed(exchange: Exchange, reviews=None, *, now=None) -> bool:
    revealed_at = reviews_revealed_at(exchange, reviews, now=now)
    return revealed_at is not None and revealed_at <= (now or timezone.now())


@transaction.atomic
def review_write(*, exchange: Exchange, author, rating: int, text: str = "", now=None) -> Review:
    """Write, or change while it is still private, one's review of the other side of a completed
    exchange. Locks the exchange so that the second review and the reveal cannot cross."""
    now = now or timezone.now()
    exchange = (
        Exchange.objects.select_for_update(of=("self",)).select_related("provider", "receiver").get(pk=exchange.pk)
    )
    if not exchange.is_party(author):
        raise ForbiddenTransition(_("Vous ne faites pas partie de cet échange."))
    if exchange.status != ExchangeStatus.COMPLETED:
        raise ForbiddenTransition(_("Un avis se laisse une fois l'échange terminé."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ExchangeError(_("Choisissez une note de 1 à 5."), field="rating")
    text = (text or "").strip()
    if len(text) > 500:
        raise ExchangeError(_("500 caractères au plus."), field="text")
    if reviews_are_revealed(exchange, now=now):
        raise ForbiddenTransition(_("Les avis de cet échange sont publiés : ils ne se modifient plus."))
    review, _created = Review.objects.update_or_create(
        exchange=exchange,
        author=author,
        defaults={"subject": exchange.other_party(author), "rating": rating, "text": text, "created_at": now},
    )
    return review


@transaction.atomic
def review_report(*, review: Review, reporter, text: str) -> ReviewReport:
    """A verified member reports a revealed review (not their own), once."""
    if review.author_id == reporter.pk or not reporter.is_verified_member:
        raise ForbiddenTransition(_("Vous ne pouvez pas signaler cet avis."))
    text = (text or "").strip()
    if not text:
        raise ExchangeError(_("Dites ce qui ne va pas."), field="text")
    try:
        with transaction.atomic():
            return ReviewReport.objects.create(review=review, reporter=reporter, text=text[:500])
    except IntegrityError as error:
        raise ExchangeError(_("Vous avez déjà signalé cet avis."), field="text") from error


@transaction.atomic
def review_reports_decide(*, reports, by, hide: bool) -> int:
    """Staff decide on open review reports: hide the reviews, or dismiss the reports."""
    reports = list(reports.filter(status="open"))
    ReviewReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        status="actioned" if hide else "dismissed", decided_at=timezone.now(), decided_by=by
    )
    if hide:
        Review.objects.filter(pk__in={r.review_id for r in reports}).update(hidden=True)
    return len(reports)
