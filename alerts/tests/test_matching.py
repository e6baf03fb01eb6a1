"""Which members an annonce is sent to: matching on PostgreSQL (full-text search as on the page)."""

import datetime

import pytest
from django.core import mail
from django.http import QueryDict

from alerts import services
from alerts.matching import TextPrecheck, filterset_verdicts
from alerts.models import AlertMatch, MatchStatus
from alerts.tasks import match_published_listing
from alerts.tests.factories import saved_search
from listings.filters import ListingFilter
from listings.models import Listing, Status
from listings.tests.factories import ListingFactory, category
from members.tests.factories import UserFactory, VerifiedMemberFactory

LYON_3 = (45.7597, 4.8422)
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def lyon_listing(**kwargs):
    defaults = {"postcode": "69003", "city": "Lyon 3e Arrondissement", "lat": LYON_3[0], "lng": LYON_3[1]}
    return ListingFactory(**(defaults | kwargs))


def test_an_annonce_goes_to_the_alerts_it_matches_and_no_other():
    listing = lyon_listing(title="Grande tente familiale", category=category("pret-objets"))
    wanted = [
        saved_search("q=tente"),
        saved_search("q=tentes&near=69003&radius=10"),  # plural, as the page finds it
        saved_search("category=pret-objets&kind=offer"),
        saved_search("near=Villeurbanne&radius=10"),
    ]
    saved_search("q=velo")
    saved_search("q=tente&near=75011&radius=25")  # Paris: too far
    saved_search("q=tente&kind=request")
    saved_search("category=covoiturage-gratuit")
    sent = match_published_listing(listing.pk)
    assert recipients() == sorted(alert.user.email for alert in wanted)
    assert sent == len(wanted)


def test_dates_and_text_are_checked_by_the_search_page_filterset():
    july = saved_search("q=tente&available_on=2026-07-14")
    saved_search("q=tente&available_on=2026-09-01")
    listing = ListingFactory(
        title="Tente 4 places", available_from=datetime.date(2026, 7, 1), available_until=datetime.date(2026, 7, 31)
    )
    match_published_listing(listing.pk)
    assert recipients() == [july.user.email]


def test_free_only_alerts_skip_priced_annonces():
    free_alert = saved_search("q=perceuse&free=on")
    any_alert = saved_search("q=perceuse")
    match_published_listing(ListingFactory(title="Perceuse", price=5).pk)
    assert recipients() == [any_alert.user.email]
    mail.outbox.clear()
    match_published_listing(ListingFactory(title="Perceuse à prêter", price=None).pk)
    assert recipients() == sorted([free_alert.user.email, any_alert.user.email])


def test_never_their_own_annonce_never_twice_and_never_while_off():
    member = VerifiedMemberFactory()
    saved_search("q=tente", user=member)
    saved_search("category=services-entraide", user=member)  # a second alert of the same member
    off = saved_search("q=tente", active=False)
    own = ListingFactory(author=member, title="Ma tente")
    match_published_listing(own.pk)
    assert mail.outbox == []
    listing = ListingFactory(title="Tente")
    match_published_listing(listing.pk)
    match_published_listing(listing.pk)  # published again (renewed): nothing more
    assert recipients() == [member.email]
    assert not AlertMatch.objects.filter(saved_search=off).exists()


def test_never_an_annonce_they_cannot_see_nor_to_someone_who_lost_the_right():
    unverified_owner = saved_search("q=tente")
    unverified_owner.user.profile.verification_status = "rejected"
    unverified_owner.user.profile.save()
    inactive = saved_search("q=tente")
    inactive.user.is_active = False
    inactive.user.save()
    match_published_listing(ListingFactory(title="Tente", status=Status.PAUSED).pk)
    match_published_listing(ListingFactory(title="Tente", author=UserFactory(is_active=False)).pk)
    match_published_listing(ListingFactory(title="Tente").pk)
    assert mail.outbox == []


def test_an_annonce_hidden_before_the_send_is_not_sent():
    alert = saved_search("q=tente")
    listing = ListingFactory(title="Tente")
    [match_id] = services.alerts_match_listing(listing_id=listing.pk)
    listing.status = Status.HIDDEN
    listing.save()
    assert services.alert_send_match(match_id=match_id, send=lambda *args: pytest.fail("sent")) is False
    assert AlertMatch.objects.get(saved_search=alert).status == MatchStatus.DROPPED


def test_one_query_narrows_the_alerts(django_assert_max_num_queries):
    for _n in range(30):
        saved_search("category=covoiturage-gratuit&near=13001", user=VerifiedMemberFactory())
    saved_search("q=tente")
    saved_search("q=perceuse")
    saved_search("q=remorque velo")
    listing = ListingFactory(title="Tente")
    from alerts.matching import alerts_matching

    # The candidates, the lexicon (are the words of five letters or more known?), then the
    # FilterSet on the annonce for every text at once: three, whatever the number of texts.
    with django_assert_max_num_queries(3):
        assert len(alerts_matching(listing)) == 1


TITLES = [
    "Poussette canne légère",
    "Grande tente familiale",
    "Vélos enfants 16 pouces",
    "Cours d'anglais pour débutants",
    "Covoiturage Lyon → Grenoble",
    "Perceuse-visseuse sans fil",
    "Aide au déménagement de la cave",
]
TEXTS = [
    "poussete",  # typo: the trigram branch
    "pousette canne",
    "tentes",
    "tente de camping",
    "velo",
    "vélos enfant",
    "anglais",
    "cours de",
    "grenoble",
    "visseuse",
    "déménagements",
    "perseuse",
    "xoussette",
    "pluie",
    "de la",
    "16",
    "!!!",
]


def test_the_text_precheck_never_refuses_what_the_filterset_accepts():
    accepted_somewhere = refused_early = 0
    for title in TITLES:
        listing = ListingFactory(title=title, description="Une description honnête.")
        precheck = TextPrecheck(listing)
        queries = {f"q={text}" for text in TEXTS}
        for query in queries:
            filterset = ListingFilter(QueryDict(query), queryset=Listing.objects.filter(pk=listing.pk))
            if filterset.qs.exists():
                accepted_somewhere += 1
                assert precheck.may_accept(query), (title, query)
            refused_early += not precheck.may_accept(query)
        # And the one-query batch agrees with the FilterSet run alone.
        alone = {
            q
            for q in queries
            if ListingFilter(QueryDict(q), queryset=Listing.objects.filter(pk=listing.pk)).qs.exists()
        }
        assert filterset_verdicts(queries, listing) == alone
    assert accepted_somewhere >= 10
    assert refused_early >= len(TITLES) * len(TEXTS) // 2  # and it does spare most FilterSet runs
