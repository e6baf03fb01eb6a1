import datetime as dt

import factory
from django.utils import timezone

from events.models import BookingMode, Event, EventStatus, EventType


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType
        django_get_or_create = ["slug"]

    slug = "debat"
    name = factory.LazyAttribute(lambda o: o.slug.capitalize())


class EventFactory(factory.django.DjangoModelFactory):
    """A published event that needs booking, a week from now, 20 seats."""

    class Meta:
        model = Event

    type = factory.SubFactory(EventTypeFactory)
    title = factory.Sequence(lambda n: f"Débat numéro {n}")
    slug = factory.Sequence(lambda n: f"debat-numero-{n}")
    summary = "Un débat ouvert à tous."
    description = "Venez nombreux."
    starts_at = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    status = EventStatus.PUBLISHED
    booking_mode = BookingMode.REQUIRED
    capacity = 20


class ExhibitionFactory(EventFactory):
    type = factory.SubFactory(EventTypeFactory, slug="exposition")
    booking_mode = BookingMode.FREE
    capacity = 0
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=30))
