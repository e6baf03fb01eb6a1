"""How long `manage.py import_roster` takes on a roster of 500 000 sociétaires (issue: ≤ 60 s).

    dropdb -h 127.0.0.1 -U postgres --if-exists club_bench_roster
    createdb -h 127.0.0.1 -U postgres club_bench_roster
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench_roster .venv/bin/python manage.py migrate -v0 \\
        --settings=club.settings.bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench_roster .venv/bin/python bench/roster.py --rows 500000

Three runs of the real command on one database: the first import (every row created), the same
file again (nothing to write), then a full roster in which 1 % of the rows turned inactive and
1 % are missing, with --deactivate-missing. The file mixes what spreadsheets write: semicolons,
CRLF, a BOM, accents and postcodes that lost their leading zero. Refuses a database whose name
does not contain "bench" (it empties the roster)."""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/club_bench_roster")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from members.models import RosterEntry  # noqa: E402

NAMES = ["Martin", "Lefèvre", "Nguyễn", "Lecœur", "Dupont-Moreau", "Da Silva", "N'Diaye", "Lætitia", "Bernard"]


def roster_file(path: Path, rows: int, *, inactive_every: int = 0, missing_every: int = 0) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("Numéro;Nom;Code postal;Actif\r\n")
        for n in range(rows):
            if missing_every and n % missing_every == 1:
                continue
            postcode = f"{(n * 7919) % 95000 + 1000:05d}"  # from n alone: the same in both files
            if postcode.startswith("0") and n % 3 == 0:
                postcode = postcode[1:]  # as Excel leaves it
            active = "non" if inactive_every and n % inactive_every == 0 else "oui"
            out.write(f"B{n:08d};{NAMES[n % len(NAMES)]} {n % 997};{postcode};{active}\r\n")


def timed(label: str, path: Path, **options) -> float:
    with open(os.devnull, "w") as quiet:
        start = time.perf_counter()
        call_command("import_roster", str(path), stderr=quiet, **options)
        seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.1f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args()
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("refusing: the database name must contain 'bench'")
    RosterEntry.objects.all().delete()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        first, changed = Path(folder) / "roster.csv", Path(folder) / "roster-changed.csv"
        roster_file(first, args.rows)
        roster_file(changed, args.rows, inactive_every=100, missing_every=100)
        print(f"{args.rows} rows, {first.stat().st_size / 2**20:.1f} MB")
        timed("first import (all created)", first)
        timed("same file again (nothing written)", first)
        timed("full roster, 1 % inactive + 1 % missing, --deactivate-missing", changed, deactivate_missing=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
