"""How long the staff dashboard (insights) takes on the bench database (issue 17: ≤ 300 ms at
100 000 annonces, 50 000 bookings, 20 000 members), and how many queries it makes.

    dropdb -h 127.0.0.1 -U postgres --if-exists club_bench
    createdb -h 127.0.0.1 -U postgres club_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python manage.py migrate -v0 \\
        --settings=club.settings.bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/generate.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/dashboard.py --searches 50000

In-process, through Django's test client (the whole stack but the network: middleware, session,
the admin's wrapper, the template): a staff account (made once, bench-dashboard@example.org),
a warm-up request, then --runs requests per period (the default 30 days, a year, and a CSV).
Prints the median and the slowest time and the number of queries, without the page's cache of a
few minutes (INSIGHTS_CACHE_SECONDS), then with it. --explain prints EXPLAIN ANALYZE's time and the
indexes of every query of the figures instead. --searches fills the search
log with that many anonymised rows over the last 90 days when it has fewer. Refuses a database
whose name does not contain "bench"."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/club_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
# The pages name their static files without collectstatic's manifest (a dictionary look-up in
# production: nothing to measure).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import datetime as dt  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from insights.models import SearchLog  # noqa: E402
from members.models import User  # noqa: E402

WORDS = ["perceuse", "vélo", "tondeuse", "covoiturage", "lyon", "jardin", "échelle", "tente", "piano", "cours"]


def fill_search_log(wanted: int) -> None:
    missing = wanted - SearchLog.objects.count()
    if missing <= 0:
        return
    now, rng = timezone.now(), random.Random(2026)
    SearchLog.objects.bulk_create(
        (
            SearchLog(
                words=" ".join(sorted(set(rng.sample(WORDS, rng.randint(1, 3))))),
                department=rng.choice(["75", "69", "13", "33", "974", ""]),
                found=rng.choice([0, 0, 3, 12, 40]),
                at=now - dt.timedelta(seconds=rng.randint(0, 90 * 86400)),
            )
            for _ in range(missing)
        ),
        batch_size=5000,
    )
    print(f"search log: {missing} rows added", flush=True)


def rollup() -> None:
    """The nightly task's work (insights.rollup) for the days before today: all of them the first
    time (timed, from scratch: the aggregates are emptied first), then the dashboard reads them."""
    from insights.models import ActiveMemberDay, ListingDay, ListingDepartmentDay, RolledUpDay
    from insights.rollup import rollup_closed_days

    for model in (ActiveMemberDay, ListingDay, ListingDepartmentDay, RolledUpDay):
        model.objects.all().delete()
    start = time.perf_counter()
    days = rollup_closed_days()
    ms = (time.perf_counter() - start) * 1000
    print(f"rollup of {days} days (from scratch): {ms:.0f} ms", flush=True)
    start = time.perf_counter()
    rollup_closed_days(since=timezone.localdate() - dt.timedelta(days=1))
    print(f"rollup of yesterday again (the nightly run): {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE insights_activememberday, insights_listingday, insights_listingdepartmentday")


def measure(client: Client, label: str, params: dict, runs: int) -> None:
    url = reverse("insights_dashboard")
    client.get(url, params)  # warm-up (templates, connection)
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    median, slowest = statistics.median(times), max(times)
    print(f"{label}: median {median:.0f} ms, slowest {slowest:.0f} ms, {queries} queries", flush=True)


def explain(label: str, period) -> None:
    """EXPLAIN ANALYZE of every query the figures of a period make: its time in the database and
    the indexes its plan uses, slowest first."""
    import re

    from insights.selectors import dashboard_blocks

    with CaptureQueriesContext(connection) as captured:
        dashboard_blocks(period)
    timed = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            timed.append((ms, query["sql"], plan))
    print(f"\n{label}: {len(timed)} queries, {sum(t[0] for t in timed):.1f} ms in the database")
    for ms, sql, plan in sorted(timed, reverse=True):
        scans = sorted(set(re.findall(r"(Seq Scan on \w+|Index(?: Only)? Scan using \w+)", plan)))
        print(f"  {ms:7.1f} ms  {sql[:110]}")
        print(f"             {'; '.join(scans) or '-'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--searches", type=int, default=0, help="fill the search log up to this many rows")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query of the figures")
    args = parser.parse_args()
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit("refusing: the database's name must contain 'bench'")
    fill_search_log(args.searches)
    rollup()
    staff, _ = User.objects.get_or_create(
        email="bench-dashboard@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(staff)
    today = timezone.localdate()
    print(f"{User.objects.count()} accounts; DEBUG={settings.DEBUG}; database {settings.DATABASES['default']['NAME']}")
    if args.explain:
        from insights.period import Period, default_period

        explain("last 30 days", default_period())
        explain("last 365 days", Period(today - dt.timedelta(days=364), today))
        return
    # The figures' SQL, not the few minutes' cache the page keeps them in (measured last).
    settings.INSIGHTS_CACHE_SECONDS = 0
    measure(client, "last 30 days (default)", {}, args.runs)
    year = {"date_from": (today - dt.timedelta(days=364)).isoformat(), "date_to": today.isoformat()}
    measure(client, "last 365 days", year, args.runs)
    measure(client, "CSV, annonces by département, 365 days", {**year, "csv": "listings-by-department"}, args.runs)
    settings.INSIGHTS_CACHE_SECONDS = 300
    measure(client, "last 30 days, from the cache (5 min)", {}, args.runs)


if __name__ == "__main__":
    main()
