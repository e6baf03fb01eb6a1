"""Annonces that can be exchanged, one per unit, and exchanges in a given state."""

import datetime as dt

import factory
from django.utils import timezone

from exchanges.models import Exchange, ExchangeStatus, day_start
from listings.tests.factories import ListingFactory, category
from members.tests.factories import VerifiedMemberFactory


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def loan_listing(**kwargs):
    """A drill to lend (a period of days)."""
    return ListingFactory(category=category("pret-objets"), title=kwargs.pop("title", "Perceuse à prêter"), **kwargs)


def trip_listing(*, seats=3, departure=None, **kwargs):
    """A free carpool with `seats` seats, leaving in ten days unless told."""
    departure = departure or timezone.now() + dt.timedelta(days=10)
    return ListingFactory(
        category=category("covoiturage-gratuit"),
        title=kwargs.pop("title", "Paris → Lyon"),
        details={"ride_from": "Paris", "ride_to": "Lyon", "departure_at": departure.isoformat(), "seats": seats},
        **kwargs,
    )


def help_listing(**kwargs):
    """Help between neighbours (a time slot)."""
    return ListingFactory(category=category("entraide-voisins"), title=kwargs.pop("title", "Aide au jardin"), **kwargs)


class ExchangeFactory(factory.django.DjangoModelFactory):
    """A requested loan of days 10 to 12 from now, by a new member. Made through the model: use the
    services in tests about their rules."""

    class Meta:
        model = Exchange

    listing = factory.LazyFunction(loan_listing)
    initiator = factory.SubFactory(VerifiedMemberFactory)
    provider = factory.LazyAttribute(lambda o: o.listing.author)
    receiver = factory.LazyAttribute(lambda o: o.initiator)
    unit = "days"
    start = factory.LazyFunction(lambda: day_start(in_days(10)))
    end = factory.LazyFunction(lambda: day_start(in_days(13)))
    status = ExchangeStatus.REQUESTED
