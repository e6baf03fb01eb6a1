# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint worker messages check-messages bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(BIN)/python scripts/compile_messages.py
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Celery worker with the beat scheduler embedded (reminders, expiry, alerts). Needs REDIS_URL.
worker: $(VENV)/.installed
	$(BIN)/celery -A club worker --beat --loglevel=info

# Developers: extract and compile translations (needs gettext). The .mo files are committed.
messages: $(VENV)/.installed
	cd $(CURDIR) && $(MANAGE) makemessages -l en --ignore=.venv --ignore=bench --ignore=staticfiles
	$(BIN)/python scripts/compile_messages.py

# Benchmarks, short version (a few minutes): a fresh club_bench_short database, 5 000 annonces,
# gunicorn + wrk for 5 s per scenario, the booking storm, the SQL counts and plans. Needs
# PostgreSQL, Redis and wrk. The full-scale run and its figures: bench/RESULTS.md.
BENCH_PG := postgres://postgres@127.0.0.1:5432
BENCH_ENV := DATABASE_URL=$(BENCH_PG)/club_bench_short REDIS_URL=redis://127.0.0.1:6379/5
bench: $(VENV)/.installed
	dropdb -h 127.0.0.1 -U postgres --if-exists club_bench_short
	createdb -h 127.0.0.1 -U postgres club_bench_short
	$(BENCH_ENV) DJANGO_SETTINGS_MODULE=club.settings.dev $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python bench/generate.py --members 2000 --listings 5000 --events 300 --bookings 5000
	$(BENCH_ENV) $(BIN)/python bench/run.py --seconds 5
	$(BENCH_ENV) $(BIN)/python bench/storm.py
	$(BENCH_ENV) $(BIN)/python bench/explain.py

clean:
	rm -rf $(VENV) staticfiles
