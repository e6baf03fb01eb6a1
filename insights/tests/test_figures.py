"""Every figure of the dashboard against a known data set (insights/tests/conftest.py), on
PostgreSQL (percentile_cont, unnest) and on SQLite (the same figures from the fallbacks)."""

import datetime as dt

import pytest
import time_machine

from insights.period import Period
from insights.selectors import dashboard_blocks

from .conftest import TODAY

NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def blocks(known_data):
    with time_machine.travel(TODAY, tick=False):
        return {block.key: block for block in dashboard_blocks(NOVEMBER)}


def figures(block):
    return {f.label: (f.value, f.previous) for f in block.figures}


def table(block, key):
    return next(t.rows for t in block.tables if t.key == key)


def test_previous_period_has_the_same_length():
    assert NOVEMBER.previous() == Period(dt.date(2026, 10, 2), dt.date(2026, 10, 31))


def test_members(blocks):
    members = blocks["members"]
    assert figures(members) == {
        "Sociétaires vérifiés": (2, None),
        "Vérifications en attente": (1, None),
        "Nouveaux comptes": (2, 1),
        "Membres actifs": (4, 2),
    }
    assert table(members, "members-by-month") == [["2026-11", 2, 4]]


def test_listings(blocks, known_data):
    listings = blocks["listings"]
    assert figures(listings) == {
        "Annonces créées": (3, 1),
        "Offres": (2, None),
        "Demandes": (1, None),
        "Part avec photos": (33.3, 100.0),
        "Délai médian de première réponse": (2.0, 24.0),
    }
    loans, helping = known_data["loans"].name, known_data["helping"].name
    assert table(listings, "listings-by-category") == [[loans, 2, 2, 0], [helping, 1, 0, 1]]
    assert table(listings, "listings-by-month") == [["2026-11", 3, 2, 1]]
    assert table(listings, "listings-by-department") == [["69", 1], ["75", 1], ["974", 1]]


def test_exchanges(blocks, known_data):
    exchanges = blocks["exchanges"]
    assert figures(exchanges) == {
        "Demandes d'échange": (2, 1),
        "Part des demandes acceptées": (50.0, 0.0),
        "Échanges terminés": (1, 0),
    }
    assert table(exchanges, "exchanges-by-state") == [["Terminé", 1], ["Refusé", 1]]
    assert table(exchanges, "exchanges-by-category") == [[known_data["loans"].name, 2, 1]]
    assert table(exchanges, "exchanges-completed-by-month") == [["2026-11", 1]]


def test_events(blocks):
    events = blocks["events"]
    assert figures(events) == {
        "Réservations confirmées": (3, 1),
        "Taux de présence": (33.3, 100.0),
        "Absents": (2, 0),
        "En liste d'attente": (1, 0),
    }
    assert table(events, "events-by-type") == [["Débat", 2, 1, 50.0, 1, 0, 0], ["Atelier", 1, 0, 0.0, 1, 1, 3]]
    assert table(events, "events-by-month") == [["2026-11", 3, 1, 33.3, 2, 1, 3]]
    assert table(events, "events-fullest") == [
        ["Atelier du 28", "2026-11-28 14:00", 2, 2, 100.0],
        ["Débat du 15", "2026-11-15 18:00", 10, 3, 30.0],
    ]
    assert [row[0] for row in table(events, "events-emptiest")] == ["Débat du 15", "Atelier du 28"]


def test_searches(blocks):
    search = blocks["search"]
    assert figures(search) == {"Recherches": (5, 1), "Part sans résultat": (80.0, 0.0)}
    assert table(search, "search-words") == [["perceuse", 2], ["tondeuse", 2], ["scie", 1], ["velo", 1]]
    assert table(search, "search-empty") == [["tondeuse", 2], ["perceuse velo", 1], ["scie", 1]]


def test_community(blocks):
    community = blocks["community"]
    assert figures(community) == {
        "Propositions": (3, 1),
        "Soutiens donnés": (5, 1),
        "Nouveaux groupes": (1, 1),
        "Groupes actifs": (2, 1),
        "Messages dans les groupes": (4, 1),
        "Nouveaux membres des groupes": (3, 1),  # the founders count, a pending request does not
        "Offres de partenaires affichées": (5, 2),
    }
    assert table(community, "community-proposals-by-state") == [["Soumise", 2, 1], ["Acceptée", 1, 3]]
    assert table(community, "community-proposals-most-supported") == [
        ["Atelier vélo", "Acceptée", 3],
        ["Conférence climat", "Soumise", 1],
        ["Troc de graines", "Soumise", 0],
    ]
    assert table(community, "community-groups-by-month") == [["2026-11", 1, 4, 3, 2]]
    assert table(community, "community-groups-most-active") == [["Jardiniers", 3, 2], ["Bricoleurs", 1, 1]]
    assert table(community, "community-partner-offers-seen") == [["Ressourcerie", 3, 2], ["AMAP", 2, 2]]
