"""Load benchmark: serve the site with gunicorn (club.settings.bench: DEBUG off, 2 workers) on
127.0.0.1 and drive each scenario with wrk, side by side with a bare Django view measured in the
same run. Prints requests per second, p50 / p95 / p99 latency and the ratio of each to the bare
view, and writes them to bench/out/results.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/run.py --seconds 20

The database must hold the benchmark data first (bench/generate.py). Needs wrk (apt-get install wrk).
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
LUA = ROOT / "bench" / "paths.lua"
PYTHON = sys.executable


@dataclass
class Scenario:
    name: str
    paths: list[str]
    logged_in: bool = False


@dataclass
class Result:
    scenario: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx: int
    ratio_to_bare: float = 1.0


def bench_env() -> dict:
    env = dict(os.environ)
    # Always the bench settings: their URLs add /_bare/, the baseline, which no other settings route.
    env["DJANGO_SETTINGS_MODULE"] = "club.settings.bench"
    env.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SITE_URL", "http://127.0.0.1")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def free_port() -> int:
    """A port nobody listens on (two benchmarks on one machine must not meet on 8765)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the production-like settings, on a free port of 127.0.0.1."""

    def __init__(self, port: int, workers: int, threads: int = 1, extra: tuple[str, ...] = ()):
        self.port, self.workers, self.threads, self.process = port or free_port(), workers, threads, None
        self.extra = list(extra)  # more gunicorn options (the storm: --worker-connections, --backlog)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        env = bench_env()
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "club.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
                "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--log-level=warning",
                *self.extra,
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_bare/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def login_cookie(base_url: str, email: str, password: str) -> str:
    """Log in through the real login form; returns the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/comptes/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base_url + "/comptes/login/", data=data, headers={"Referer": base_url + "/"})
    opener.open(request)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"could not log in as {email}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def run_wrk(base_url: str, scenario: Scenario, *, seconds: int, connections: int, cookie: str | None) -> Result:
    env = {**os.environ, "BENCH_PATHS": "\n".join(scenario.paths)}
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [base_url], env=env, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output[output.index("BENCH_JSON ") + len("BENCH_JSON ") :].splitlines()[0])
    return Result(
        scenario=scenario.name,
        requests_per_second=round(figures["requests"] / figures["duration_s"], 1),
        p50_ms=round(figures["p50_us"] / 1000, 2),
        p95_ms=round(figures["p95_us"] / 1000, 2),
        p99_ms=round(figures["p99_us"] / 1000, 2),
        errors=figures["errors"],
        non_2xx=figures["non_2xx"],
    )


def check_paths(server: "Server", scenarios: list[Scenario], cookie: str) -> None:
    """Every path must answer 200 (no redirect to the login page, no 404): a scenario measuring
    errors would be a bug of the benchmark."""
    import http.client

    for scenario in scenarios:
        headers = {"Cookie": cookie} if scenario.logged_in else {}
        for path in scenario.paths:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request("GET", path, headers=headers)
            status = connection.getresponse().status
            connection.close()
            if status != 200:
                raise SystemExit(f"{scenario.name}: {path} answered {status}, not 200")


def load_scenarios(path: Path) -> list[Scenario]:
    return [Scenario(**item) for item in json.loads(path.read_text())]


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def print_results(results: list[Result]) -> None:
    print("\n| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | throughput vs bare |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r.scenario} | {r.requests_per_second} | {r.p50_ms} | {r.p95_ms} | {r.p99_ms} | {r.errors} "
            f"| {r.non_2xx} | {r.ratio_to_bare:.0%} |"
        )


def breakdown(scenarios: Path, label: str, requests: int) -> None:
    """Where the time goes (bench/breakdown.py), in its own process, after the load test."""
    out = OUT / (f"breakdown-{label}.json" if label else "breakdown.json")
    command = [PYTHON, str(ROOT / "bench" / "breakdown.py"), f"--scenarios={scenarios}", f"--out={out}"]
    print(f"\nWhere the time goes ({requests} requests per scenario in sequence, test client, {load_average()}):")
    subprocess.run(command + [f"--requests={requests}"], cwd=ROOT, env=bench_env(), check=True)


def growth(small: str, large: str) -> None:
    """How each page's cost grows between two runs (`--label` of each): the time a request costs
    (1 / throughput, and the in-process breakdown when both have one)."""

    def read(name: str):
        results = {r["scenario"]: r for r in json.loads((OUT / f"results-{name}.json").read_text())}
        path = OUT / f"breakdown-{name}.json"
        parts = {r["scenario"]: r for r in json.loads(path.read_text())} if path.exists() else {}
        return results, parts

    (results_a, parts_a), (results_b, parts_b) = read(small), read(large)
    # « cost × »: how much more a request costs at the large scale (throughput ratio); « vs bare »
    # divides by the bare view's own ratio, which takes out a machine busier in one run.
    print(
        f"| page | req/s {small} | req/s {large} | cost × | cost × vs bare | p95 ms {small} | p95 ms {large} ", end=""
    )
    print(f"| SQL ms {small} → {large} | template ms | Python ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    bare_a, bare_b = results_a["bare Django view"], results_b["bare Django view"]
    bare_cost = bare_a["requests_per_second"] / bare_b["requests_per_second"]
    for name, a in results_a.items():
        b = results_b.get(name)
        if b is None:
            continue
        cost = a["requests_per_second"] / b["requests_per_second"] if b["requests_per_second"] else float("inf")
        pa, pb = parts_a.get(name), parts_b.get(name)
        split = (
            " | ".join(f"{pa[part]} → {pb[part]}" for part in ("sql_ms", "template_ms", "python_ms"))
            if pa and pb
            else "– | – | –"
        )
        print(
            f"| {name} | {a['requests_per_second']} | {b['requests_per_second']} | {cost:.2f} | {cost / bare_cost:.2f} "
            f"| {a['p95_ms']} | {b['p95_ms']} | {split} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20, help="duration of each scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--scenarios", type=Path, default=OUT / "scenarios.json", help="made by bench/generate.py")
    parser.add_argument("--email", default="bench-member-0@club.example")
    parser.add_argument("--password", default="club-demo-2026")
    parser.add_argument("--label", default="", help="e.g. 100k: writes results-100k.json (and breakdown-100k.json)")
    parser.add_argument(
        "--breakdown", type=int, default=0, metavar="N", help="then N requests per scenario timed apart"
    )
    parser.add_argument("--growth", nargs=2, metavar=("SMALL", "LARGE"), help="compare two labelled runs; no run")
    args = parser.parse_args()
    if args.growth:
        growth(*args.growth)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    scenarios = [Scenario("bare Django view", ["/_bare/"])] + load_scenarios(args.scenarios)
    results = []
    print(f"start: {load_average()}", flush=True)
    with Server(args.port, args.workers) as server:
        cookie = login_cookie(server.url, args.email, args.password)
        check_paths(server, scenarios, cookie)
        # Warm both workers (imports, connections, caches) before measuring.
        for scenario in scenarios:
            run_wrk(server.url, scenario, seconds=2, connections=args.connections, cookie=cookie)
        for scenario in scenarios:
            result = run_wrk(
                server.url,
                scenario,
                seconds=args.seconds,
                connections=args.connections,
                cookie=cookie if scenario.logged_in else None,
            )
            results.append(result)
            print(f"  {result.scenario}: {result.requests_per_second} req/s, p95 {result.p95_ms} ms", flush=True)
    print(f"end: {load_average()}", flush=True)
    bare = results[0]
    for result in results:
        result.ratio_to_bare = round(result.requests_per_second / bare.requests_per_second, 3)
    OUT.mkdir(exist_ok=True)
    out = OUT / (f"results-{args.label}.json" if args.label else "results.json")
    out.write_text(json.dumps([asdict(result) for result in results], indent=2))
    print_results(results)
    if args.breakdown:
        breakdown(args.scenarios, args.label, args.breakdown)


if __name__ == "__main__":
    main()
