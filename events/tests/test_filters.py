import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.filters import period_range

PARIS = ZoneInfo("Europe/Paris")


def at(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("now", "period", "start", "end"),
    [
        (at(2026, 12, 2, 15), "today", at(2026, 12, 2), at(2026, 12, 3)),  # a Wednesday
        (at(2026, 12, 2, 15), "weekend", at(2026, 12, 5), at(2026, 12, 7)),
        (at(2026, 12, 5, 15), "weekend", at(2026, 12, 5), at(2026, 12, 7)),  # Saturday
        (at(2026, 12, 6, 15), "weekend", at(2026, 12, 6), at(2026, 12, 7)),  # Sunday: what is left
        (at(2026, 12, 2, 15), "week", at(2026, 12, 2), at(2026, 12, 7)),
        (at(2026, 12, 2, 15), "month", at(2026, 12, 2), at(2027, 1, 1)),
        (at(2027, 1, 31, 23), "month", at(2027, 1, 31), at(2027, 2, 1)),
    ],
)
def test_periods_in_paris_time(now, period, start, end, settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert period_range(period, now) == (start, end)
