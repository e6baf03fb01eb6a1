import io

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_templated_mail

MAIL_KINDS = {
    # kind: (template, attach the .ics and the QR code)
    "confirmed": ("emails/booking_confirmed", True),
    "promoted": ("emails/booking_promoted", True),
    "waiting": ("emails/booking_waiting", False),
    "cancelled": ("emails/booking_cancelled", False),
    "reminder": ("emails/booking_reminder", True),
    "event_cancelled": ("emails/event_cancelled", False),
    "event_rescheduled": ("emails/event_rescheduled", True),
}
# kind: (the e-mail's main link, drawn as its button, and the button's words)
ACTIONS = {
    "confirmed": ("booking_url", _("Voir mon billet")),
    "promoted": ("booking_url", _("Voir mon billet")),
    "waiting": ("booking_url", _("Voir mon inscription")),
    "cancelled": ("event_url", _("Revoir l'évènement")),
    "reminder": ("booking_url", _("Voir mon billet")),
    "event_cancelled": ("agenda_url", _("Voir l'agenda du Club")),
    "event_rescheduled": ("booking_url", _("Voir ma réservation")),
}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_mail(booking_id: int, kind: str) -> None:
    """E-mail one person about their booking. Reloads the booking by id; a message that no longer
    applies (a confirmation for a booking cancelled meanwhile) is not sent."""
    import segno

    from venue.selectors import venue_current

    from .ical import event_ics
    from .models import BookingStatus
    from .selectors import booking_for_mail
    from .tokens import booking_token, checkin_token

    template, with_files = MAIL_KINDS[kind]
    booking = booking_for_mail(booking_id)
    if booking is None:
        return
    if kind in ("confirmed", "promoted", "reminder") and booking.status != BookingStatus.CONFIRMED:
        return
    if kind == "waiting" and booking.status != BookingStatus.WAITING:
        return
    venue = venue_current()
    token = booking_token(booking)
    language = language_of(booking)
    with translation.override(language):  # the links open the pages in the e-mail's language
        urls = {
            "booking_url": settings.SITE_URL + reverse("events:booking", args=[token]),
            "cancel_url": settings.SITE_URL + reverse("events:booking_cancel", args=[token]),
            "event_url": settings.SITE_URL + booking.event.get_absolute_url(),
            "agenda_url": settings.SITE_URL + reverse("events:agenda"),
        }
    attachments = []
    if with_files and booking.status == BookingStatus.CONFIRMED and not booking.event.is_cancelled:
        attachments.append((f"{booking.event.slug}.ics", event_ics(booking.event, venue), "text/calendar"))
        png = io.BytesIO()
        segno.make(checkin_token(booking), error="m").save(png, kind="png", scale=8, border=4)
        attachments.append(("billet-qr.png", png.getvalue(), "image/png"))
    send_templated_mail(
        template=template,
        to=[booking.email],
        context={
            "booking": booking,
            "event": booking.event,
            "venue": venue,
            **urls,
            "action_url": urls[ACTIONS[kind][0]],
            "action_label": ACTIONS[kind][1],
            "details_template": "emails/_booking_details.txt",
            "links": {
                urls["cancel_url"]: _("Me désinscrire")
                if booking.status == BookingStatus.WAITING
                else _("Annuler ma réservation"),
                urls["event_url"]: _("La page de l'évènement"),
                urls["booking_url"]: _("Ma réservation en ligne"),
            },
            # Anyone may book without an account: the footer leads to the booking itself.
            "footer_url": urls["booking_url"],
            "footer_label": _("Ma réservation"),
        },
        attachments=attachments,
        language=language,
    )


@shared_task
def send_reminders() -> int:
    """Beat task: reminders for tomorrow's events. Safe to run several times a day."""
    from .services import reminders_send

    return reminders_send()


@shared_task
def anonymise_old_bookings() -> int:
    """Beat task: personal data of bookings is kept at most twelve months after the event."""
    from .services import bookings_anonymise_old

    return bookings_anonymise_old()
