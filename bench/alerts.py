"""Alerts at scale (issue 15): N saved searches, and the worker-side matching of one published
annonce against all of them (alerts.matching.alerts_matching: one indexed SQL query for the
candidates, the exact distance on those, then the search page's FilterSet on this one annonce for
each distinct text among them). Prints milliseconds; figures in bench/RESULTS.md.

    createdb -h 127.0.0.1 -U postgres club_bench_alerts
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench_alerts \\
        DJANGO_SETTINGS_MODULE=club.settings.dev .venv/bin/python manage.py migrate --noinput -v0
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench_alerts .venv/bin/python bench/alerts.py \\
        --alerts 100000 --members 20000 --seed 2026

Adds its members and alerts to an empty database (refuses one that already has alerts). The spread:
70 % of alerts in one category, a third of all with a « Je cherche » or « Je propose » filter,
60 % with words from the benchmark vocabulary (bench/vocabulary.py), 80 % around a place picked as
the annonces are (big cities weigh more) within 5 to 100 km, 10 % free only. Queries are drawn from
a pool of distinct searches, each read once by the FilterSet (alerts.query.parse_query), as the
site would have saved them."""

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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/club_bench_alerts")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402

from alerts.matching import alert_candidates, alerts_matching  # noqa: E402
from alerts.models import Frequency, SavedSearch  # noqa: E402
from alerts.query import parse_query  # noqa: E402
from bench import vocabulary  # noqa: E402
from bench.generate import generate_members, place_picker  # noqa: E402
from listings import geo, services  # noqa: E402
from listings.models import Category, Listing, Status  # noqa: E402
from members.models import User  # noqa: E402

BATCH = 5000
DESCRIPTION = "Disponible le week-end, à venir chercher."
RADII = ["5", "10", "10", "25", "25", "50", "100"]


def query_pool(size: int, rng: random.Random) -> list[tuple[str, dict]]:
    categories = list(Category.objects.filter(is_active=True))
    pick_place = place_picker(rng)
    pool = []
    while len(pool) < size:
        query = QueryDict(mutable=True)
        category = rng.choice(categories) if rng.random() < 0.7 else None
        if category:
            query["category"] = category.slug
        if rng.random() < 0.6:
            slug = category.slug if category else rng.choice(list(vocabulary.THINGS))
            things = vocabulary.THINGS.get(slug, vocabulary.THINGS["services-entraide"])[0]
            query["q"] = rng.choice(things).split(" ")[0]
        if rng.random() < 0.33:
            query["kind"] = rng.choice(["request", "offer"])
        if rng.random() < 0.8:
            query["near"] = pick_place().postcode
            query["radius"] = rng.choice(RADII)
        if rng.random() < 0.1:
            query["free"] = "on"
        try:
            parsed = parse_query(query.urlencode())
        except ValidationError:
            continue
        pool.append((parsed.query, parsed.prefilters))
    return pool


def create_alerts(count: int, user_ids: list[int], pool, rng: random.Random) -> None:
    now = timezone.now()
    for start in range(0, count, BATCH):
        rows = []
        for _n in range(start, min(start + BATCH, count)):
            query, prefilters = rng.choice(pool)
            rows.append(
                SavedSearch(
                    user_id=rng.choice(user_ids),
                    label=query[:80],
                    query=query,
                    frequency=Frequency.IMMEDIATE if rng.random() < 0.4 else Frequency.DAILY,
                    active=rng.random() < 0.9,
                    created_at=now,
                    **prefilters,
                )
            )
        SavedSearch.objects.bulk_create(rows)


def published_annonce(author_id: int, slug: str, title: str, postcode: str) -> Listing:
    place = geo.place_for_postcode(postcode)
    now = timezone.now()
    listing = Listing.objects.create(
        author_id=author_id,
        category=Category.objects.get(slug=slug),
        kind="offer",
        title=title,
        description=DESCRIPTION,
        postcode=postcode,
        city=place.name,
        lat=place.lat,
        lng=place.lng,
        price=None,
        status=Status.PUBLISHED,
        published_at=now,
        expires_at=now,
    )
    services.listing_index_text(listing_id=listing.pk)
    return listing


def measure(listing: Listing, runs: int) -> None:
    timings = []
    for _run in range(runs):
        reset_queries()
        start = time.perf_counter()
        matched = alerts_matching(listing)
        timings.append((time.perf_counter() - start) * 1000)
    candidates = alert_candidates(listing).count()
    print(
        f"{listing.title} ({listing.city}, {listing.category.slug}): {candidates} candidates, "
        f"{len(matched)} matched; median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
        f"over {runs} runs",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--pool", type=int, default=3_000, help="distinct searches the alerts are drawn from")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--measure-only", action="store_true", help="keep the alerts already there; time again")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL.")
    rng = random.Random(args.seed)
    user_ids = list(User.objects.filter(email__startswith="bench-member-").values_list("pk", flat=True))
    if args.measure_only:
        for listing in Listing.objects.filter(description=DESCRIPTION).select_related("category"):
            measure(listing, args.runs)
        return
    if SavedSearch.objects.exists():
        sys.exit("The database already has alerts: drop and recreate it, then migrate (or --measure-only).")
    start = time.perf_counter()
    if len(user_ids) < args.members:
        user_ids = generate_members(args.members, rng)
    pool = query_pool(min(args.pool, args.alerts), rng)
    print(f"query pool ({len(pool)} searches read by the FilterSet): {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    create_alerts(args.alerts, user_ids, pool, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE alerts_savedsearch")
    print(f"{args.alerts} alerts: {time.perf_counter() - start:.1f} s", flush=True)
    author = user_ids[0]
    for slug, title, postcode in [
        ("pret-objets", "Tente familiale six places", "69003"),  # text alerts in a big city
        ("services-entraide", "Cours de guitare pour débutants", "75011"),  # the densest place
        ("covoiturage-gratuit", "Covoiturage Lyon Grenoble le vendredi", "38000"),
        ("vide-grenier", "Vélo enfant", "23000"),  # a small town
    ]:
        measure(published_annonce(author, slug, title, postcode), args.runs)


if __name__ == "__main__":
    main()
