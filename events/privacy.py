"""Bookings are personal data (name, e-mail, accessibility needs): a member can download them and,
when deleting the account, their upcoming bookings are cancelled (the seats go to the waiting list)
and every booking is anonymised. See members/privacy.py."""

from django.db.models import Q
from django.utils import timezone

from .models import ACTIVE_STATUSES, Booking


def _bookings(user):
    return Booking.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related("event")


def export(user) -> dict:
    return {
        "bookings": [
            {
                "event": booking.event.title,
                "event_starts_at": booking.event.starts_at.isoformat(),
                "name": booking.name,
                "email": booking.email,
                "seats": booking.seats,
                "accessibility_needs": booking.accessibility_needs,
                "status": booking.status,
                "created_at": booking.created_at.isoformat(),
                "checked_in_at": booking.checked_in_at.isoformat() if booking.checked_in_at else None,
            }
            for booking in _bookings(user).order_by("created_at")
        ]
    }


def erase(user) -> None:
    from .services import booking_cancel

    now = timezone.now()
    for booking in _bookings(user).filter(status__in=ACTIVE_STATUSES, event__ends_at__gte=now):
        booking_cancel(booking=booking, notify=False)
    for booking_id in list(_bookings(user).values_list("pk", flat=True)):
        Booking.objects.filter(pk=booking_id).update(
            user=None, name="—", email=f"anonyme-{booking_id}@invalid.example", accessibility_needs=""
        )
