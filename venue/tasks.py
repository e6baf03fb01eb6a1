"""Celery tasks of the venue: reading the partners' feeds. They take ids and are safe to run twice."""

from celery import shared_task


@shared_task
def import_partner_feeds() -> int:
    """Beat: one task per partner with a feed, so that a slow or broken feed never holds the
    others (each has its own time limits). Returns how many were sent."""
    from .selectors import partners_with_feeds

    ids = list(partners_with_feeds().values_list("pk", flat=True))
    for partner_id in ids:
        import_partner_feed.delay(partner_id)
    return len(ids)


# The fetch has its own timeout and deadline (PARTNER_FEED_TIMEOUT); these limits are the last word.
@shared_task(soft_time_limit=60, time_limit=90)
def import_partner_feed(partner_id: int) -> bool:
    """Fetches and imports one partner's feed (services.partner_feed_import records any error on
    the partner). Idempotent: an import twice in a row changes nothing more."""
    from celery.exceptions import SoftTimeLimitExceeded
    from django.utils.translation import gettext

    from . import services
    from .models import Partner

    partner = Partner.objects.filter(pk=partner_id, is_active=True).exclude(feed_url="").first()
    if partner is None:
        return False
    try:
        return services.partner_feed_import(partner=partner).ok
    except SoftTimeLimitExceeded:
        services.partner_feed_record_error(partner=partner, error=gettext("Import interrompu : trop long."))
        return False
