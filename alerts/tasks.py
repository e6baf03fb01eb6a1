"""Celery tasks of the alerts. They take ids, reload what they need, and are safe to run twice
(rows are claimed with a lock and recorded sent in the transaction of their send)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_templated_mail


def send_alert(saved_search, listings) -> None:
    """The alert e-mail: why it was sent (the search), the annonces as cards with their links, and
    the one-click unsubscribe link (RFC 8058: List-Unsubscribe and List-Unsubscribe-Post)."""
    from .query import describe
    from .tokens import unsubscribe_path

    language = language_of(saved_search.user)
    with translation.override(language):
        unsubscribe_url = settings.SITE_URL + unsubscribe_path(saved_search)
        search_url = settings.SITE_URL + saved_search.get_absolute_url()
        context = {
            "saved_search": saved_search,
            "search_words": describe(saved_search.query),
            "listings": listings,
            "search_url": search_url,
            "unsubscribe_url": unsubscribe_url,
            "alerts_url": settings.SITE_URL + reverse("alerts:list"),
            "action_url": search_url,
            "action_label": _("Voir toute la recherche"),
            "footer_url": unsubscribe_url,
            "footer_label": _("Ne plus recevoir cette alerte (un clic, sans vous connecter)"),
        }
    send_templated_mail(
        template="emails/alert_matches",
        to=[saved_search.user.email],
        context=context,
        language=language,
        discriminator=f"{saved_search.pk}:{','.join(str(listing.pk) for listing in listings)}",
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def match_published_listing(listing_id: int) -> int:
    """After an annonce is published: find the alerts it matches (alerts.matching: one SQL query,
    then the FilterSet on this annonce alone) and record them; each immediate one is sent by a
    task of its own (hundreds of members may want the same annonce: one slow mail server must not
    hold the others back). The daily ones wait for the digest. Returns how many were queued."""
    from . import services

    match_ids = services.alerts_match_listing(listing_id=listing_id)
    # Straight to the broker: this runs in a worker, after the publication committed. Should the
    # broker fail here, the task fails and its retry finds the same pending rows and sends them.
    for pk in match_ids:
        send_alert_match.delay(pk)
    return len(match_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_alert_match(match_id: int) -> bool:
    """An immediate alert's e-mail for one annonce, sent once (services.alert_send_match)."""
    from . import services

    return services.alert_send_match(match_id=match_id, send=send_alert)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_daily_digests() -> int:
    """Beat, every morning (CELERY_BEAT_SCHEDULE, Europe/Paris): one e-mail per daily alert with
    annonces waiting. Idempotent: what was sent is recorded with its send."""
    from . import services

    return sum(bool(services.digest_send(saved_search_id=pk, send=send_alert)) for pk in services.digests_due())
