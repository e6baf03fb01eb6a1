import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from community.models import MembershipStatus, ProposalState, ProposalSupport
from community.tests.factories import GroupFactory, MembershipFactory, PostFactory, ProposalFactory
from events.models import Booking, BookingStatus
from events.tests.factories import EventFactory, EventTypeFactory
from exchanges.models import ExchangeStatus
from exchanges.tests.factories import ExchangeFactory
from insights.models import SearchLog
from listings.models import ListingPhoto
from listings.tests.factories import ListingFactory, category
from members.models import VerificationStatus
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory
from messaging.models import Conversation, Message
from venue.models import PartnerOffer
from venue.services import partner_offers_seen
from venue.tests.factories import PartnerFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)


def at(day, month=11, hour=12, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def made_at(when, factory, **kwargs):
    with time_machine.travel(when, tick=False):
        return factory(**kwargs)


def conversation(listing, starter, asked, replied):
    with time_machine.travel(asked, tick=False):
        thread = Conversation.objects.create(listing=listing, starter=starter)
        Message.objects.create(conversation=thread, sender=starter, body="Bonjour", created_at=asked)
    Message.objects.create(conversation=thread, sender=listing.author, body="Oui", created_at=replied)


def booking(event, user, seats, status, when, checked_in=False):
    return Booking.objects.create(
        event=event,
        user=user,
        name="Nom",
        email=user.email,
        seats=seats,
        status=status,
        created_at=when,
        checked_in_at=event.starts_at if checked_in else None,
    )


@pytest.fixture
def known_data(db):
    """The club in November 2026 (the period) and October (the period before); see the figures
    expected in test_figures.py."""
    staff = made_at(at(1, 9), StaffFactory)
    a = made_at(at(5), VerifiedMemberFactory)
    b = made_at(at(10, 10), VerifiedMemberFactory)
    c = made_at(at(20), UserFactory)
    c.profile.verification_status = VerificationStatus.PENDING
    c.profile.save()
    d = made_at(at(1, 9), UserFactory)

    loans, helping = category("pret-objets"), category("entraide-voisins")
    l1 = made_at(at(5, hour=14), ListingFactory, author=a, category=loans, kind="offer", postcode="75011")
    l2 = made_at(at(15, 10), ListingFactory, author=b, category=loans, kind="offer", postcode="75011")
    l3 = made_at(at(20, hour=15), ListingFactory, author=a, category=helping, kind="request", postcode="97411")
    made_at(at(25), ListingFactory, author=c, category=loans, kind="offer", postcode="69003")
    ListingPhoto.objects.create(listing=l1, image="private/one.jpg", width=1, height=1)
    ListingPhoto.objects.create(listing=l2, image="private/two.jpg", width=1, height=1)

    conversation(l1, c, at(6, hour=10), at(6, hour=13))  # 3 h
    conversation(l3, b, at(21, hour=8), at(21, hour=9))  # 1 h
    conversation(l2, a, at(16, 10, hour=10), at(17, 10, hour=10))  # 24 h, October

    made_at(
        at(10),
        ExchangeFactory,
        listing=l1,
        initiator=b,
        status=ExchangeStatus.COMPLETED,
        accepted_at=at(11),
        completed_at=at(25),
    )
    made_at(at(12), ExchangeFactory, listing=l1, initiator=c, status=ExchangeStatus.DECLINED, closed_at=at(13))
    made_at(at(20, 10), ExchangeFactory, listing=l2, initiator=a)

    debate, workshop = EventTypeFactory(slug="debat", name="Débat"), EventTypeFactory(slug="atelier", name="Atelier")
    e1 = EventFactory(type=debate, title="Débat du 15", starts_at=at(15, hour=18), capacity=10, seats_confirmed=3)
    e2 = EventFactory(type=workshop, title="Atelier du 28", starts_at=at(28, hour=14), capacity=2, seats_confirmed=2)
    e3 = EventFactory(type=debate, title="Débat d'octobre", starts_at=at(20, 10), capacity=10, seats_confirmed=1)
    booking(e1, d, 2, BookingStatus.CONFIRMED, at(3), checked_in=True)
    booking(e1, c, 1, BookingStatus.CONFIRMED, at(21))
    booking(e2, b, 2, BookingStatus.CONFIRMED, at(20))
    booking(e2, a, 3, BookingStatus.WAITING, at(22))
    booking(e3, a, 1, BookingStatus.CONFIRMED, at(10, 10), checked_in=True)

    for words, found, when in [
        ("perceuse", 3, at(2)),
        ("perceuse velo", 0, at(3)),
        ("tondeuse", 0, at(4)),
        ("tondeuse", 0, at(30, hour=23)),
        ("velo", 1, at(15, 10)),
        ("scie", 0, at(1, hour=0)),  # the first minute of the period... kept
        ("marteau", 0, at(1, 12, hour=0)),  # the first minute after it: left out
    ]:
        SearchLog.objects.create(words=words, found=found, at=when)
    community_data(a, b, c, d, debate)
    return {"staff": staff, "loans": loans, "helping": helping}


def community_data(a, b, c, d, event_type):
    """Groups, proposals and partner offers shown, in November and October (figures expected in
    test_figures.py::test_community)."""
    gardeners = made_at(at(3), GroupFactory, name="Jardiniers", founder=a)  # a joins it: November
    handymen = made_at(at(10, 10), GroupFactory, name="Bricoleurs", founder=b)  # b joins it: October
    made_at(at(8), MembershipFactory, group=gardeners, user=c)
    made_at(at(9), MembershipFactory, group=gardeners, user=d, status=MembershipStatus.PENDING, joined_at=None)
    made_at(at(12), MembershipFactory, group=handymen, user=a)
    first = made_at(at(4), PostFactory, group=gardeners, author=a)
    made_at(at(8), PostFactory, group=gardeners, author=c, parent=first)
    made_at(at(20), PostFactory, group=gardeners, author=a)
    made_at(at(15, 10), PostFactory, group=handymen, author=b)  # October
    made_at(at(25), PostFactory, group=handymen, author=b)

    def proposal(when, title, proposer, state, supporters):
        made = made_at(
            when,
            ProposalFactory,
            title=title,
            proposer=proposer,
            type=event_type,
            state=state,
            support_count=len(supporters),
        )
        for supporter, day in supporters:
            made_at(day, ProposalSupport.objects.create, proposal=made, user=supporter)

    proposal(at(5), "Atelier vélo", a, ProposalState.ACCEPTED, [(b, at(6)), (c, at(7)), (d, at(7))])
    proposal(at(10), "Conférence climat", b, ProposalState.SUBMITTED, [(a, at(12))])
    proposal(at(20, 10), "Bal d'automne", c, ProposalState.DECLINED, [(a, at(21, 10)), (b, at(2))])  # October
    proposal(at(25), "Troc de graines", a, ProposalState.SUBMITTED, [])

    shop, amap = PartnerFactory(name="Ressourcerie"), PartnerFactory(name="AMAP")
    o1, o2 = (PartnerOffer.objects.create(partner=shop, guid=guid, title=guid) for guid in ("vélos", "meubles"))
    o3 = PartnerOffer.objects.create(partner=amap, guid="paniers", title="Paniers")
    for day, page in [
        (dt.date(2026, 11, 5), [o1, o2, o3]),
        (dt.date(2026, 11, 6), [o1]),
        (dt.date(2026, 11, 5), [o3]),
        (dt.date(2026, 10, 20), [o1, o2]),  # the period before
        (dt.date(2026, 12, 1), [o3]),  # after the period
    ]:
        partner_offers_seen(offers=page, day=day)
