"""Where the time of each page goes: SQL, template, the rest of Python.

For every scenario of bench/out/scenarios.json (and the bare view), N requests in sequence through
Django's test client on the bench settings (the whole middleware stack, the view, the template;
no network, no gunicorn), in this one process, with three clocks:
- SQL: every query, timed by a `connection.execute_wrapper` (driver and database included);
- template: `Template.render` of the Django backend, minus the SQL run while rendering (lazy
  querysets evaluated by the template count as SQL);
- Python: the rest of the request (middleware, session, forms, the view's own code, the ORM
  building queries).
Prints a table (mean milliseconds per request, and the share of each part), writes
bench/out/breakdown.json. Instrumentation only in this process: the site is untouched.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/breakdown.py --requests 50
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import OUT, Scenario, bench_env, load_scenarios  # noqa: E402

os.environ.update({key: value for key, value in bench_env().items() if key not in os.environ})
os.environ["ALLOWED_HOSTS"] += ",testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402

from members.models import User  # noqa: E402


class Clocks:
    """Seconds spent in SQL, in SQL while rendering, and rendering, since the last reset."""

    def __init__(self):
        self.sql = self.sql_in_template = self.template = 0.0
        self.queries = 0
        self.rendering = 0  # depth: a template rendered inside another is not counted twice

    def reset(self):
        self.sql = self.sql_in_template = self.template = 0.0
        self.queries = 0

    def sql_wrapper(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            self.sql += spent
            self.queries += 1
            if self.rendering:
                self.sql_in_template += spent


CLOCKS = Clocks()
_render = Template.render


def timed_render(self, context=None, request=None):
    CLOCKS.rendering += 1
    start = time.perf_counter()
    try:
        return _render(self, context, request)
    finally:
        CLOCKS.rendering -= 1
        if not CLOCKS.rendering:
            CLOCKS.template += time.perf_counter() - start


Template.render = timed_render


def measure(client: Client, scenario: Scenario, requests: int) -> dict:
    for path in scenario.paths[:3]:  # warm-up: per-process caches, first compilation
        client.get(path)
    totals, sql, template, queries = [], [], [], []
    for n in range(requests):
        path = scenario.paths[n % len(scenario.paths)]
        CLOCKS.reset()
        start = time.perf_counter()
        response = client.get(path)
        totals.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{scenario.name}: {path} answered {response.status_code}")
        sql.append(CLOCKS.sql)
        template.append(CLOCKS.template - CLOCKS.sql_in_template)
        queries.append(CLOCKS.queries)
    total, sql_ms, template_ms = (statistics.fmean(values) * 1000 for values in (totals, sql, template))
    return {
        "scenario": scenario.name,
        "requests": requests,
        "total_ms": round(total, 2),
        "p50_ms": round(statistics.median(totals) * 1000, 2),
        "sql_ms": round(sql_ms, 2),
        "template_ms": round(template_ms, 2),
        "python_ms": round(total - sql_ms - template_ms, 2),
        "queries": round(statistics.fmean(queries), 1),
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| page | mean ms | p50 ms | SQL ms | template ms | Python ms | SQL / template / Python | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        shares = "/".join(f"{r[part] / r['total_ms']:.0%}" for part in ("sql_ms", "template_ms", "python_ms"))
        lines.append(
            f"| {r['scenario']} | {r['total_ms']} | {r['p50_ms']} | {r['sql_ms']} | {r['template_ms']} "
            f"| {r['python_ms']} | {shares} | {r['queries']} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=Path, default=OUT / "scenarios.json")
    parser.add_argument("--requests", type=int, default=50, help="per scenario, in sequence")
    parser.add_argument("--email", default="bench-member-0@club.example")
    parser.add_argument("--out", type=Path, default=OUT / "breakdown.json")
    args = parser.parse_args()
    member = User.objects.get(email=args.email)
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(member)
    rows = []
    with connection.execute_wrapper(CLOCKS.sql_wrapper):
        for scenario in [Scenario("bare Django view", ["/_bare/"])] + load_scenarios(args.scenarios):
            rows.append(measure(logged_in if scenario.logged_in else anonymous, scenario, args.requests))
            print(f"  {scenario.name}: {rows[-1]['total_ms']} ms", file=sys.stderr, flush=True)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    print(table(rows))


if __name__ == "__main__":
    main()
