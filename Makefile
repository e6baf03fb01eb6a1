# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint worker messages check-messages bench lock clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the lock files change. Every package, direct or not, is pinned with its
# hashes in requirements-dev.lock (runtime + tests); pip refuses anything else.
$(VENV)/.installed: $(BIN)/activate requirements.lock requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The lock files come from the human lists, requirements.txt and requirements-dev.txt: after
# changing either, run `make lock` and commit the .lock files. Existing pins are kept; to move
# everything to the newest versions allowed: make lock LOCK_ARGS=--upgrade. pip-tools runs from
# its own venv (.venv-lock), not from the project's, so the lock never locks its own tool (pip,
# setuptools and pip-tools' internals) and the tool can run before any lock exists. PyPI only:
# this machine's pip configuration (local mirrors, find-links) is ignored so that the hashes are
# PyPI's. The runtime lock constrains the dev lock: both pin the same versions.
LOCK_VENV := .venv-lock
LOCK_TOOLS := pip-tools==7.6.2 pip==23.2.1
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip install --quiet $(LOCK_TOOLS)

lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

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
	cd $(CURDIR) && $(MANAGE) makemessages -l en --ignore=.venv --ignore=.venv-lock --ignore=bench --ignore=staticfiles
	$(BIN)/python scripts/compile_messages.py

# Benchmarks, short version (a few minutes): a fresh club_bench_short database, 5 000 annonces,
# gunicorn + wrk for 5 s per scenario, where each page's time goes (SQL / template / Python),
# a booking storm of 500, the SQL counts and plans. Needs PostgreSQL, Redis and wrk. The
# full-scale runs (100 000 and 1 000 000 annonces) and their figures: bench/RESULTS.md.
BENCH_PG := postgres://postgres@127.0.0.1:5432
BENCH_DB ?= club_bench_short
BENCH_REDIS ?= redis://127.0.0.1:6379/5
BENCH_ENV := DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) REDIS_URL=$(BENCH_REDIS)
bench: $(VENV)/.installed
	dropdb -h 127.0.0.1 -U postgres --if-exists $(BENCH_DB)
	createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	$(BENCH_ENV) DJANGO_SETTINGS_MODULE=club.settings.dev $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python bench/generate.py --scale short
	$(BENCH_ENV) $(BIN)/python bench/run.py --seconds 5 --breakdown 10
	$(BENCH_ENV) $(BIN)/python bench/storm.py --requests 500
	$(BENCH_ENV) $(BIN)/python bench/explain.py

clean:
	rm -rf $(VENV) $(LOCK_VENV) staticfiles
