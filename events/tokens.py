"""Signed tokens for bookings (django.core.signing, keyed by SECRET_KEY).

- the booking link (confirmation page and cancellation) carries the booking id: nobody can guess
  another person's; once the booking is cancelled the link cannot cancel anything again;
- the check-in token in the QR code carries the event and the booking: it is refused at the door
  of any other event, and the booking's `checked_in_at` makes it usable once."""

from django.core import signing

BOOKING_SALT = "events.booking"
CHECKIN_SALT = "events.checkin"


def booking_token(booking) -> str:
    return signing.Signer(salt=BOOKING_SALT).sign(str(booking.pk))


def booking_id_from_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=BOOKING_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def checkin_token(booking) -> str:
    return signing.Signer(salt=CHECKIN_SALT).sign(f"{booking.event_id}.{booking.pk}")


def checkin_ids_from_token(token: str) -> tuple[int, int] | None:
    """(event id, booking id), or None when the token was not signed by us."""
    try:
        event_id, booking_id = signing.Signer(salt=CHECKIN_SALT).unsign(token.strip()).split(".")
        return int(event_id), int(booking_id)
    except (signing.BadSignature, ValueError):
        return None
