"""Latency of the places autocomplete (listings:places), the target being 20 ms per answer.

In process (the view and the in-memory table, no network, no database):

    .venv/bin/python bench/autocomplete.py --rounds 20

Against a running server (what a member's browser sees, HTTP included), e.g. gunicorn on :8000:

    .venv/bin/python bench/autocomplete.py --url http://127.0.0.1:8000/annonces/lieux/ --rounds 20

Each round asks every prefix a member types on the way to a town (« p », « pa », « par »…) for a
set of towns, postcodes and hard cases (the thousands of « Saint… »). Prints the median, 95th
percentile and maximum per kind of query. The first call builds the indexes (geo.warm(), as
club/wsgi.py does at start-up) and is reported apart, not counted."""

import argparse
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/club_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")

WORDS = {
    "towns": ["Paris", "Lyon", "Marseille", "Bordeaux", "Nantes", "Strasbourg", "Le Havre", "Ajaccio"],
    "saints": ["Saint-Étienne", "Saint-Denis", "Sainte-Maxime", "St Malo", "saint-pierre"],
    "overseas": ["Fort-de-France", "Pointe-à-Pitre", "Cayenne", "Mamoudzou"],
    "postcodes": ["75011", "69003", "13005", "97400", "20000"],
    "arrondissements": ["Paris 11e", "Lyon 1er", "Marseille 3"],
}


def prefixes(word):
    return [word[:n] for n in range(2, len(word) + 1)]


def measure(ask, rounds):
    timings = {kind: [] for kind in WORDS}
    for _ in range(rounds):
        for kind, words in WORDS.items():
            for word in words:
                for prefix in prefixes(word):
                    start = time.perf_counter()
                    ask(prefix)
                    timings[kind].append((time.perf_counter() - start) * 1000)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server's /annonces/lieux/ (default: in process)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    if args.url:

        def ask(text):
            with urllib.request.urlopen(f"{args.url}?{urllib.parse.urlencode({'q': text})}") as response:
                response.read()
    else:
        import django

        django.setup()
        from django.test import Client

        client = Client()

        def ask(text):
            response = client.get("/annonces/lieux/", {"q": text})
            assert response.status_code == 200, response.status_code

    start = time.perf_counter()
    if not args.url:
        from listings import geo

        geo.warm()
    ask("pa")
    print(f"first call (indexes built): {(time.perf_counter() - start) * 1000:.0f} ms")
    for kind, values in measure(ask, args.rounds).items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(
            f"{kind:16} n={len(values):5}  median {statistics.median(values):6.2f} ms"
            f"  p95 {p95:6.2f} ms  max {values[-1]:6.2f} ms"
        )


if __name__ == "__main__":
    main()
