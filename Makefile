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

clean:
	rm -rf $(VENV) staticfiles
