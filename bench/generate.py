"""Benchmark data at realistic scale, on PostgreSQL, reproducible with a seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/generate.py \\
        --members 20000 --listings 100000 --events 2000 --bookings 50000 --seed 2026

Drops and recreates nothing: run it on an empty, migrated database (`make bench` does).
Prints how long each part took, and writes bench/out/scenarios.json for bench/run.py."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from members.demo import DEMO_PASSWORD  # noqa: E402
from members.models import MemberProfile, RosterEntry, User, VerificationStatus  # noqa: E402

BATCH = 2000
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Louis",
    "Chloé",
    "Nathan",
    "Manon",
    "Jules",
    "Inès",
    "Lucas",
    "Emma",
    "Gabriel",
    "Jade",
    "Arthur",
    "Zoé",
    "Paul",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
]


def timed(label):
    def decorate(function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            result = function(*args, **kwargs)
            print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
            return result

        return run

    return decorate


@timed("members")
def generate_members(count: int, rng: random.Random) -> list[int]:
    """`count` verified sociétaires with their roster rows; bench-member-0@club.example logs in
    the load test. Returns the user ids."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 20 000 times would take minutes
    now = timezone.now()
    user_ids = []
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        users = User.objects.bulk_create(
            User(email=f"bench-member-{n}@club.example", password=password, date_joined=now) for n in numbers
        )
        entries = RosterEntry.objects.bulk_create(
            RosterEntry(
                number=f"B{n:08d}",
                last_name=(last := rng.choice(LAST_NAMES)),
                last_name_normalized=last.lower(),
                postcode="75011",
            )
            for n in numbers
        )
        MemberProfile.objects.bulk_create(
            MemberProfile(
                user=user,
                display_name=f"{rng.choice(FIRST_NAMES)} {entry.last_name[0]}.",
                verification_status=VerificationStatus.VERIFIED,
                verification_decided_at=now,
                roster_entry=entry,
                societaire_number=entry.number,
            )
            for user, entry in zip(users, entries, strict=True)
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        user_ids.extend(user.pk for user in users)
    return user_ids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = time.perf_counter()
    generate_members(args.members, rng)
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
