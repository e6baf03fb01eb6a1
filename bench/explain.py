"""SQL per page and the plans of the search queries, against the benchmark database.

For every scenario of bench/out/scenarios.json: the number of SQL queries each of its paths costs
(Django's test client with CaptureQueriesContext, after one warm-up request), which must be the
same for every path of a scenario. Then `EXPLAIN (ANALYZE, BUFFERS)` of the queries of the two
annonce searches (text + category + radius; radius only) that read listings_listing, and the
indexes each plan uses. Writes bench/out/explain.txt and bench/out/queries.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/explain.py
"""

import argparse
import json
import os
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import OUT, bench_env, load_scenarios  # noqa: E402

os.environ.update({key: value for key, value in bench_env().items() if key not in os.environ})
os.environ["ALLOWED_HOSTS"] += ",testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from members.models import User  # noqa: E402

SEARCHES = ["annonces: text + category + 25 km", "annonces: 25 km around a postcode"]
INDEX = re.compile(r"(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:Backward )?(?:using|on) (\w+)")


def get(client: Client, path: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return captured.captured_queries


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=Path, default=OUT / "scenarios.json")
    parser.add_argument("--email", default="bench-member-0@club.example")
    args = parser.parse_args()

    member = User.objects.get(email=args.email)
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(member)
    counts, report, plans = {}, [], []
    for scenario in load_scenarios(args.scenarios):
        client = logged_in if scenario.logged_in else anonymous
        get(client, scenario.paths[0])  # warm-up: per-process caches
        per_path = {path: get(client, path) for path in scenario.paths}
        counts[scenario.name] = {path: len(queries) for path, queries in per_path.items()}
        # Pages asked with the same parameters (other values) must cost the same, however many
        # rows they show; a filter on a type or category costs its own lookup.
        by_kind = {}
        for path, queries in per_path.items():
            kind = ",".join(sorted(urllib.parse.parse_qs(urllib.parse.urlsplit(path).query))) or "-"
            by_kind.setdefault(kind, set()).add(len(queries))
        figures = ", ".join(
            f"{'/'.join(map(str, sorted(numbers)))} ({kind})" if len(by_kind) > 1 else "/".join(map(str, numbers))
            for kind, numbers in by_kind.items()
        )
        constant = all(len(numbers) == 1 for numbers in by_kind.values())
        report.append(f"{scenario.name}: {figures} queries per page ({'constant' if constant else 'NOT CONSTANT'})")
        if scenario.name in SEARCHES:
            path, queries = next(iter(per_path.items()))
            for query in queries:
                if 'FROM "listings_listing"' in query["sql"]:
                    plan = explain(query["sql"])
                    indexes = sorted(set(INDEX.findall(plan)))
                    plans.append(
                        f"### {scenario.name}: {path}\nindexes used: {', '.join(indexes) or 'none'}\n\n"
                        f"{query['sql']}\n\n{plan}\n"
                    )
    text = "## SQL queries per page\n" + "\n".join(report) + "\n\n## EXPLAIN (ANALYZE, BUFFERS)\n\n" + "\n".join(plans)
    OUT.mkdir(exist_ok=True)
    (OUT / "explain.txt").write_text(text)
    (OUT / "queries.json").write_text(json.dumps(counts, indent=2, ensure_ascii=False))
    print(text)
    # Not an error by itself: a page without results skips the queries of the rows and photos.
    if any("NOT CONSTANT" in line for line in report):
        print("Some pages of a scenario cost a different number of queries: see bench/out/queries.json.")


if __name__ == "__main__":
    main()
