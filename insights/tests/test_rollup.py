"""The daily aggregates (insights.rollup): the figures read from them equal the figures counted
live on the same data, to the last number; the rollup is idempotent and the nightly task rolls
up only the days missing; a login records its day. The rollup is PostgreSQL's (SQLite counts
everything live)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.urls import reverse

from exchanges.tests.factories import ExchangeFactory
from insights import tasks
from insights.models import ActiveMemberDay, ActiveMemberMonth, ListingDay, ListingDepartmentDay, RolledUpDay
from insights.period import Period, default_period
from insights.rollup import rolled_up_through, rollup_closed_days
from insights.selectors import dashboard_blocks
from listings.models import ListingPhoto
from listings.tests.factories import ListingFactory
from members.tests.factories import UserFactory, VerifiedMemberFactory
from messaging.models import Conversation, Message

from .conftest import PARIS, TODAY, at, made_at

postgres = pytest.mark.postgres
YESTERDAY = TODAY.date() - dt.timedelta(days=1)
PERIODS = {
    "November (every day rolled up)": Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    "the last 30 days (rolled up, then today)": default_period(TODAY.date()),
    "17 days to today (its previous period in October and November)": Period(dt.date(2026, 11, 16), TODAY.date()),
    "two days: yesterday and today": Period(YESTERDAY, TODAY.date()),
    "a year to today": Period(dt.date(2025, 12, 3), TODAY.date()),
}


def login(client, user, when):
    with time_machine.travel(when, tick=False):
        client.force_login(user)


@pytest.fixture
def recent_data(known_data, client):
    """known_data, and acts on the last days: yesterday (1 December) and today before 10:00,
    close to midnight (Paris, not UTC), and logins whose history User.last_login loses."""
    e = made_at(at(1, 12, hour=9), VerifiedMemberFactory)
    f = made_at(at(2, 9), UserFactory)
    late = made_at(at(1, 12, hour=23, minute=30), ListingFactory, author=e, postcode="33000")  # 22:30 UTC
    ListingPhoto.objects.create(listing=late, image="private/late.jpg", width=1, height=1)
    made_at(at(1, 12, hour=0, minute=30), ListingFactory, author=e, kind="request", postcode="13001")  # 30 Nov. in UTC
    today = made_at(at(2, 12, hour=8), ListingFactory, postcode="97411")
    ExchangeFactory(listing=late, initiator=f, created_at=at(2, 12, hour=9))
    thread = made_at(at(2, 12, hour=7), Conversation.objects.create, listing=today, starter=f)
    Message.objects.create(conversation=thread, sender=f, body="Bonjour", created_at=at(2, 12, hour=7))
    login(client, e, at(15, hour=20))  # the last day of a previous period (PERIODS)
    login(client, f, at(25, hour=10))  # November: only ActiveMemberDay remembers it…
    login(client, f, at(1, 12, hour=10))
    login(client, f, TODAY)  # …once the last login is today
    login(client, e, at(2, 12, hour=0, minute=10))  # today, 23:10 UTC yesterday
    return {**known_data, "e": e, "f": f}


def figures_of_every_period():
    with time_machine.travel(TODAY, tick=False):
        return {name: dashboard_blocks(period) for name, period in PERIODS.items()}


def rollup(today=TODAY):
    with time_machine.travel(today, tick=False):
        return tasks.rollup_closed_days()


def aggregates():
    """Every row of the aggregates, without the time each day was rolled up."""
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (ActiveMemberDay, ["day", "member"]),
            (ActiveMemberMonth, ["month", "member", "days"]),
            (ListingDay, ["day", "category", "kind", "with_photo", "count"]),
            (ListingDepartmentDay, ["day", "department", "count"]),
            (RolledUpDay, ["day"]),
        ]
    }


@postgres
def test_the_figures_from_the_aggregates_equal_the_figures_counted_live(recent_data):
    live = figures_of_every_period()
    assert rollup() > 0
    assert rolled_up_through() == YESTERDAY
    assert ActiveMemberMonth.objects.exists() and ListingDay.objects.exists()
    rolled_up = figures_of_every_period()
    for name in PERIODS:
        for live_block, rolled_up_block in zip(live[name], rolled_up[name], strict=True):
            assert rolled_up_block == live_block, (name, live_block.key)


@postgres
def test_the_aggregates_count_what_they_should(recent_data):
    """Not only equal to the live figures: right. Yesterday's annonces at 00:30 and 23:30 in Paris
    are yesterday's; f's login of 25 November still counts once the last login is today."""
    rollup()
    yesterday = ListingDepartmentDay.objects.filter(day=YESTERDAY).order_by("department")
    assert list(yesterday.values_list("department", "count")) == [("13", 1), ("33", 1)]
    assert ListingDay.objects.get(day=YESTERDAY, kind="offer").with_photo
    with time_machine.travel(TODAY, tick=False):
        two_days = {block.key: block for block in dashboard_blocks(PERIODS["two days: yesterday and today"])}
    assert two_days["listings"].figures[0].value == 3  # yesterday's two, today's
    assert two_days["members"].figures[-1].value == 3  # e, f and the author of today's annonce
    f = recent_data["f"]
    f.refresh_from_db()
    assert f.last_login.date() == TODAY.date()
    assert ActiveMemberDay.objects.filter(day=dt.date(2026, 11, 25), member=f).exists()
    with time_machine.travel(TODAY, tick=False):
        november = {block.key: block for block in dashboard_blocks(PERIODS["November (every day rolled up)"])}
    assert november["members"].figures[-1].value == 4 + 2  # test_figures' 4, e's and f's logins


@postgres
def test_rolling_up_again_changes_nothing(recent_data):
    rollup()
    once = aggregates()
    with time_machine.travel(TODAY, tick=False):
        assert rollup_closed_days(since=dt.date(2026, 11, 1)) == 31
        rollup_closed_days(since=dt.date(2026, 10, 10))  # the first act: every day again
    assert aggregates() == once


@postgres
def test_the_nightly_task_rolls_up_only_the_days_missing(recent_data):
    first_act = dt.date(2026, 10, 10)  # a booking (known_data)
    assert rollup(dt.datetime(2026, 11, 20, 0, 20, tzinfo=PARIS)) == (dt.date(2026, 11, 19) - first_act).days + 1
    assert rollup(dt.datetime(2026, 11, 20, 3, 0, tzinfo=PARIS)) == 0  # run twice: nothing more
    ListingDay.objects.filter(day=dt.date(2026, 11, 5)).update(count=99)  # a day rolled up stays
    assert rollup(dt.datetime(2026, 11, 23, 0, 20, tzinfo=PARIS)) == 3  # missed nights caught up
    assert ListingDay.objects.get(day=dt.date(2026, 11, 5)).count == 99
    days = list(RolledUpDay.objects.order_by("day").values_list("day", flat=True))
    assert days == [first_act + dt.timedelta(days=n) for n in range((dt.date(2026, 11, 22) - first_act).days + 1)]


@postgres
def test_night_after_night_gives_the_aggregates_of_one_go(recent_data):
    """The months' rows (ActiveMemberMonth) are made again each night from their days."""
    for day in range(20, 33):
        rollup(dt.datetime(2026, 11, 1, 0, 20, tzinfo=PARIS) + dt.timedelta(days=day - 1))
    assert rolled_up_through() == YESTERDAY
    nightly = aggregates()
    for model in (ActiveMemberMonth, ListingDay, ListingDepartmentDay, RolledUpDay):
        model.objects.all().delete()
    rollup()
    assert aggregates() == nightly


@postgres
def test_the_number_of_queries_stays_fixed_with_the_aggregates(recent_data, django_assert_num_queries):
    rollup()
    for period in PERIODS.values():
        with time_machine.travel(TODAY, tick=False), django_assert_num_queries(28):
            dashboard_blocks(period)


@postgres
def test_the_page_says_which_days_come_from_the_aggregates(client, recent_data):
    rollup()
    client.force_login(recent_data["staff"])
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("insights_dashboard")).content.decode()
    assert "jusqu'au 1 décembre 2026, cumuls faits chaque nuit" in page


def test_without_aggregates_the_page_says_nothing_of_them(staff_client):
    with time_machine.travel(TODAY, tick=False):
        page = staff_client.get(reverse("insights_dashboard")).content.decode()
    assert "cumuls faits chaque nuit" not in page


@postgres
def test_the_command_rolls_up_for_the_staff(recent_data, capsys):
    with time_machine.travel(TODAY, tick=False):
        call_command("insights_rollup")
        call_command("insights_rollup", "--since", "2026-11-30")
    assert capsys.readouterr().out.splitlines()[-1] == "days rolled up: 2; rolled up through 2026-12-01"


def test_the_command_says_sqlite_needs_no_rollup(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite path")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("insights_rollup")
    assert rollup_closed_days() == 0


def test_the_task_runs_every_night_after_midnight(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["insights-rollup"]
    assert schedule["task"] == "insights.tasks.rollup_closed_days"
    assert schedule["schedule"].hour == {0}


def test_a_login_records_its_day_in_paris_once(client, db):
    user = UserFactory()
    login(client, user, dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))  # 1 December in Paris
    login(client, user, dt.datetime(2026, 12, 1, 8, 0, tzinfo=PARIS))
    assert list(ActiveMemberDay.objects.values_list("day", "member")) == [(dt.date(2026, 12, 1), user.pk)]


def test_a_login_goes_on_when_its_day_cannot_be_recorded(client, db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(ActiveMemberDay.objects, "bulk_create", broken)
    user = UserFactory()
    client.force_login(user)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "the day of a login was not recorded" in caplog.text
    assert not ActiveMemberDay.objects.exists()
