"""A saved search is the search page's query string, read by the page's own FilterSet."""

import pytest
from django.core.exceptions import ValidationError

from alerts.query import describe, parse_query


@pytest.mark.django_db
def test_prefilters_come_from_the_filterset():
    parsed = parse_query("q=tente&category=pret-objets&kind=offer&near=69003&radius=10&free=on&page=3&utm=x")
    assert "page" not in parsed.query and "utm" not in parsed.query
    pre = parsed.prefilters
    assert pre["category"].slug == "pret-objets"
    assert pre["kind"] == "offer"
    assert pre["free_only"] is True
    assert pre["radius_km"] == 10
    assert pre["min_lat"] < pre["center_lat"] < pre["max_lat"]
    assert 45.7 < pre["center_lat"] < 45.8  # Lyon 3e
    assert pre["check_query"] == "q=tente"


@pytest.mark.django_db
def test_without_text_nothing_is_left_for_the_filterset():
    assert parse_query("category=covoiturage-gratuit&near=75011").prefilters["check_query"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("near=Nullepartville-sur-Rien", "Lieu introuvable"),
        ("category=pas-une-categorie", "Catégorie"),
        ("available_on=31-02-2026", "Disponible le"),
        ("radius=10&sort=date", "au moins un critère"),
        ("", "au moins un critère"),
    ],
)
def test_what_the_search_page_refuses_is_refused_with_the_reason(query, says):
    with pytest.raises(ValidationError) as error:
        parse_query(query)
    assert says in " ".join(error.value.message_dict["query"])


@pytest.mark.django_db
def test_the_search_in_words():
    words = describe("q=tente&category=pret-objets&kind=request&near=69003&radius=10")
    assert (
        words == "« tente » · Prêt d'objets entre particuliers · demandes · à 10 km de Lyon 3e Arrondissement (69003)"
    )
