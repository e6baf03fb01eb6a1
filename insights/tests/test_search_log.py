"""The anonymised search log: words only, the département at most, no user; 90 days kept."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from insights import services, tasks
from insights.models import SearchLog

from .conftest import TODAY

LIST = reverse("listings:list")


def test_words_are_lower_cased_sorted_each_once_and_without_digits():
    text = "Perceuse  perceuse BOSCH 75011 06 12 34 56 78 12bis rue de l'Église, à"
    assert services.normalised_words(text) == "bosch de l'église perceuse rue"


@pytest.mark.parametrize(
    ("place", "department"),
    [("75011", "75"), (" 97411 ", "974"), ("20090", "20"), ("Lyon", ""), ("12 rue de la Paix", ""), ("", "")],
)
def test_only_the_departement_of_a_postcode_is_kept(place, department):
    assert services.department_of(place) == department


def test_a_verified_members_search_is_logged_without_them(verified_client):
    verified_client.get(LIST, {"q": "Vélo enfant 06 12 34 56 78", "near": "69003"})
    row = SearchLog.objects.get()
    assert (row.words, row.department) == ("enfant vélo", "69")
    assert row.found == 0
    assert not {f.name for f in SearchLog._meta.fields} & {"user", "query", "postcode", "ip"}


@pytest.mark.parametrize(
    "params", [{"q": "vélo", "page": "2"}, {"q": "75011 0612345678"}, {"near": "75011"}, {"q": ""}]
)
def test_next_pages_and_searches_without_words_are_not_logged(verified_client, params):
    verified_client.get(LIST, params)
    assert not SearchLog.objects.exists()


def test_searches_of_members_not_verified_are_not_logged(member_client):
    member_client.get(LIST, {"q": "vélo"})
    assert not SearchLog.objects.exists()


def test_anonymous_searches_are_not_logged(client, db):
    client.get(LIST, {"q": "vélo"})
    assert not SearchLog.objects.exists()


def test_rows_older_than_the_setting_are_purged(db, settings):
    settings.INSIGHTS_SEARCH_LOG_DAYS = 90
    SearchLog.objects.create(words="ancien", at=TODAY - dt.timedelta(days=90, seconds=1))
    SearchLog.objects.create(words="récent", at=TODAY - dt.timedelta(days=89))
    with time_machine.travel(TODAY, tick=False):
        assert tasks.purge_search_log() == 1
        assert tasks.purge_search_log() == 0
    assert list(SearchLog.objects.values_list("words", flat=True)) == ["récent"]


def test_the_purge_runs_every_day(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["insights-purge-search-log"]
    assert schedule["task"] == "insights.tasks.purge_search_log"
    assert schedule["schedule"] == 60 * 60 * 24
