import datetime as dt

import factory

from venue.models import OpeningHours, Partner, Room, Venue


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = "Le Club"
    street = "42 rue de la Roquette"
    postcode = "75011"
    city = "Paris"
    latitude = "48.85480"
    longitude = "2.37380"
    access = "Métro Bastille"
    accessibility = "Plain-pied, ascenseur."


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    capacity = 100


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    venue = factory.SubFactory(VenueFactory)
    weekday = 0
    opens = dt.time(10)
    closes = dt.time(19)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    slug = factory.Sequence(lambda n: f"partenaire-{n}")
    url = "https://partenaire.example.org"
    description = "Une initiative de quartier."
