"""How long `manage.py seed_demo` takes on an empty database, seeder by seeder (the demo annonces
draw about 150 pictures and send them through the photo service; the aim is well under 30 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_seed_bench .venv/bin/python bench/seed_demo.py

The database named by DATABASE_URL is dropped and created again, then migrated: never point it at
one you want to keep. --keep skips the drop (then seeders that find their data do almost nothing).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="do not recreate the database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres://") or url.rsplit("/", 1)[-1] in {"", "postgres", "club"}:
        sys.exit("DATABASE_URL must name a throwaway PostgreSQL database, e.g. …/club_seed_bench")
    media = tempfile.mkdtemp(prefix="seed-bench-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "club.settings.dev", "MEDIA_ROOT": media}
    if not args.keep:
        name = url.rsplit("/", 1)[-1]
        server = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = """
import time
import django
django.setup()
from django.db import transaction
from django.utils.module_loading import import_string
from members.management.commands.seed_demo import SEEDERS
total = 0.0
for path in SEEDERS:
    start = time.perf_counter()
    with transaction.atomic():
        import_string(path)()
    took = time.perf_counter() - start
    total += took
    print(f"{path:40} {took:6.1f} s")
print(f"{'total':40} {total:6.1f} s")
"""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    print(f"(wall clock with start-up: {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
