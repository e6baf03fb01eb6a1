"""The booking storm: 2 000 booking requests at once for an event of 100 seats, as real HTTP POSTs
(with the CSRF cookie and token of the event page) to the gunicorn server of bench/run.py.
Reports bookings per second (over the whole storm as the clients saw it, and sustained by the
server: from the first booking row written to the last), confirmed seats (must be exactly 100),
waiting-list entries and errors (must be 0); exits non-zero when the count is wrong.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/storm.py --requests 2000 --capacity 100

Each request books one seat with its own e-mail address and asks for the waiting list when full.
Creates its own event (a new one per run) in the benchmark database.
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import OUT, Server, bench_env  # noqa: E402

os.environ.update({key: value for key, value in bench_env().items() if key not in os.environ})

import django  # noqa: E402

django.setup()

from django.db.models import Count, Max, Min, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Booking, BookingMode, BookingStatus, Event, EventStatus, EventType  # noqa: E402


def storm_event(capacity: int) -> Event:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    starts_at = timezone.now() + timezone.timedelta(days=10)
    return Event.objects.create(
        type=EventType.objects.order_by("position").first(),
        title="Tempête de réservations",
        slug=f"tempete-{stamp}",
        summary="Évènement créé par bench/storm.py.",
        starts_at=starts_at,
        ends_at=starts_at + timezone.timedelta(hours=2),
        status=EventStatus.PUBLISHED,
        booking_mode=BookingMode.REQUIRED,
        capacity=capacity,
    )


def csrf(base_url: str, path: str) -> tuple[str, str]:
    """The csrftoken cookie and the form's token, from a GET of the booking form (the event page
    itself may come from the page cache, without a token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + path + "reserver/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return cookie, token


def post_booking(port: int, path: str, number: int, cookie: str, token: str, start: threading.Barrier) -> int:
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Tempête {number}",
            "email": f"tempete-{number}@exemple.fr",
            "seats": "1",
            "join_waiting_list": "on",
            "consent": "on",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.connect()
        start.wait()  # every request leaves at the same moment
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location") or ""
        # Booked (confirmed or waiting): a redirect to the booking's own page.
        return 1 if response.status == 302 and "/reservation/" in location else -response.status
    except OSError:
        return -1
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker: bookings that race")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()

    event = storm_event(args.capacity)
    path = event.get_absolute_url()
    # Every client connected at once: gunicorn's gthread worker takes 1 000 connections by default,
    # the listen queue 2 048; both sized to the storm so that no request is refused at the door.
    extra = (f"--worker-connections={args.requests}", f"--backlog={max(2048, args.requests)}")
    with Server(args.port, args.workers, threads=args.threads, extra=extra) as server:
        cookie, token = csrf(server.url, path)
        start = threading.Barrier(args.requests + 1)
        with ThreadPoolExecutor(max_workers=args.requests) as pool:
            futures = [
                pool.submit(post_booking, server.port, path, n, cookie, token, start) for n in range(args.requests)
            ]
            start.wait()
            began = time.perf_counter()
            outcomes = [future.result() for future in futures]
            elapsed = time.perf_counter() - began

    event.refresh_from_db()
    rows = {
        row["status"]: row
        for row in Booking.objects.filter(event=event).values("status").annotate(n=Count("pk"), seats=Sum("seats"))
    }
    confirmed = rows.get(BookingStatus.CONFIRMED, {"n": 0, "seats": 0})
    booked = outcomes.count(1)
    first, last = (
        Booking.objects.filter(event=event).aggregate(first=Min("created_at"), last=Max("created_at")).values()
    )
    server_seconds = (last - first).total_seconds() if first and last else 0
    errors = {str(-code): outcomes.count(code) for code in sorted(set(outcomes)) if code != 1}
    report = {
        "requests": args.requests,
        "capacity": args.capacity,
        "server": f"gunicorn, {args.workers} workers x {args.threads} threads",
        "seconds": round(elapsed, 2),
        "bookings_per_second": round(booked / elapsed, 1),
        "server_seconds_first_to_last_booking": round(server_seconds, 2),
        "sustained_bookings_per_second": round((booked - 1) / server_seconds, 1) if server_seconds else None,
        "booked_answers": booked,
        "confirmed_seats": confirmed["seats"] or 0,
        "confirmed_bookings": confirmed["n"],
        "seats_confirmed_counter": event.seats_confirmed,
        "waiting_list_entries": rows.get(BookingStatus.WAITING, {"n": 0})["n"],
        "errors": sum(errors.values()),
        "errors_by_status": errors,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "storm.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    exact = (
        report["confirmed_seats"] == args.capacity == event.seats_confirmed
        and report["confirmed_seats"] + report["waiting_list_entries"] == args.requests
        and not report["errors"]
    )
    print("booking storm: " + ("exact" if exact else "WRONG"))
    sys.exit(0 if exact else 1)


if __name__ == "__main__":
    main()
