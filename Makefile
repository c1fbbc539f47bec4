# DCF disclosure portal: developer and CI entry points. `make` alone lists the targets.
#
# The database comes from bin/dbenv: DATABASE_URL if set, else a server on 127.0.0.1:5432,
# else a private PostgreSQL cluster of this checkout (created and started on demand), with a
# role that owns it (migrations) and one the portal connects as (docs/security.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

PY := .venv/bin/python
VENV := .venv/.installed
# python3.11 when present, else python3
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3.11)

# Resolve the database in the recipe's own shell: the portal's role (DATABASE_URL) and the
# owner that migrations connect as (DATABASE_OWNER_URL). The assignments (not
# `export VAR="$(...)"`) carry bin/dbenv's exit status, so a failure stops the recipe.
DBENV := DATABASE_URL="$$(bin/dbenv)"; DATABASE_OWNER_URL="$$(bin/dbenv --owner)"; \
	export DATABASE_URL DATABASE_OWNER_URL;

# Run pytest. A folder with no tests yet is not a failure: pytest's exit code 5 ("no tests
# collected") counts as success, and so does a failure that is only the coverage gate of an empty
# folder (pytest-cov turns 5 into 1), checked with --collect-only. A missing folder is skipped.
# $(1): arguments, folder first; $(2): label.
define pytest_allow_empty
	if [ ! -d $(firstword $(1)) ]; then echo "make: $(firstword $(1)) does not exist yet; skipping"; exit 0; fi; \
	echo "+ $(PY) -m pytest $(1)"; \
	rc=0; $(PY) -m pytest $(1) || rc=$$?; \
	if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then \
	  crc=0; $(PY) -m pytest --collect-only -q $(firstword $(1)) >/dev/null 2>&1 || crc=$$?; \
	  if [ $$crc -eq 5 ]; then rc=5; fi; \
	fi; \
	if [ $$rc -eq 5 ]; then echo "make: no $(2) tests collected yet; not a failure"; rc=0; fi; \
	exit $$rc
endef

USWDS_VERSION ?= 3.14.0

.PHONY: bench bench-data soak help venv ensure-browser ensure-tools uswds db stop-db run migrate seed test lint check typecheck \
        test-unit test-integration test-browser screens clean clean-all

help: ## Show this list of targets
	@echo "Usage: make <target>"
	@echo
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'
	@echo
	@echo "Database: DATABASE_URL if set, else 127.0.0.1:5432, else a private cluster (bin/dbenv --help)."

# ---------------------------------------------------------------- environment

$(VENV): requirements.txt requirements-dev.txt constraints.txt
	@if [ ! -x $(PY) ]; then \
	  echo "make: creating .venv with $(PYTHON)"; \
	  $(PYTHON) -m venv .venv || { echo "make: '$(PYTHON) -m venv' failed; install python3.11 and python3.11-venv" >&2; exit 1; }; \
	fi
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV) ## Create .venv and install requirements-dev.txt (pinned by constraints.txt)

ensure-browser: ## Install Debian's Chromium and fonts for the browser tests if missing
	@bin/ensure-browser

ensure-tools: ## Install Debian's poppler-utils (pdftotext, pdftoppm: the redaction proof) if missing
	@bin/ensure-tools

uswds: ## Refresh the vendored U.S. Web Design System (static/vendor/uswds) at USWDS_VERSION (needs npm)
	@USWDS_VERSION=$(USWDS_VERSION) bin/vendor-uswds

db: ## Provision the database (system server or private cluster) and print its URL
	@bin/dbenv

stop-db: ## Stop this checkout's private PostgreSQL cluster, if one runs
	@bin/dbenv stop

# ---------------------------------------------------------------- running

run: $(VENV) ensure-tools ## Migrate, load demo data (prints the logins), start the worker and serve on 127.0.0.1:8000
	@$(DBENV) export DEBUG=true; \
	echo "make: database $$DATABASE_URL"; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py seed_demo; \
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "make: background worker (email) running as process $$worker"; \
	$(PY) manage.py runserver 127.0.0.1:8000

migrate: $(VENV) ## Apply migrations to the database
	@$(DBENV) $(PY) manage.py migrate --noinput

seed: $(VENV) ## Load the demo data (prints the demo usernames and password)
	@$(DBENV) $(PY) manage.py seed_demo

bench-data: $(VENV) ## Load the statewide benchmark dataset into dcf_bench (1M requests, about 4 minutes)
	$(PY) bench/load_data.py --db dcf_bench

bench: $(VENV) ## Engine decisions/s, then every page under wrk beside the floor (writes bench/results.*)
	@command -v wrk >/dev/null || { echo "make: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
	$(PY) bench/run_bench.py

soak: $(VENV) ## Concurrent submitters, a database restart and the review claim race on dcf_soak
	$(PY) bench/soak.py

# ---------------------------------------------------------------- quality gates

test: $(VENV) ensure-browser ensure-tools lint check typecheck test-unit test-integration test-browser ## Everything CI runs: lint, checks, types, unit (100% engine branch coverage), integration, browser
	@echo "make: all tests passed"

lint: $(VENV) ## ruff (lint and format) and bandit (no medium or high findings)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -q -r requests_app forms_app dcfconf -x '*/migrations/*' --severity-level medium

check: $(VENV) ## Django system checks and no missing migrations
	@$(DBENV) \
	echo "+ $(PY) manage.py check"; $(PY) manage.py check; \
	echo "+ $(PY) manage.py makemigrations --check --dry-run"; \
	$(PY) manage.py makemigrations --check --dry-run

typecheck: $(VENV) ## mypy with django-stubs (strict for requests_app/policy; settings in pyproject.toml)
	$(PY) -m mypy requests_app forms_app dcfconf

test-unit: $(VENV) ensure-tools ## Unit tests with 100% branch coverage of requests_app/policy
	@$(DBENV) \
	$(call pytest_allow_empty,tests/unit --cov=requests_app/policy --cov-branch --cov-report=term-missing --cov-fail-under=100,unit)

test-integration: $(VENV) ensure-tools ## Integration tests against PostgreSQL
	@$(DBENV) \
	$(call pytest_allow_empty,tests/integration,integration)

test-browser: $(VENV) ensure-browser ## Browser tests (Playwright driving /usr/bin/chromium)
	@$(DBENV) export DJANGO_ALLOW_ASYNC_UNSAFE=true; \
	$(call pytest_allow_empty,tests/browser,browser)

screens: $(VENV) ensure-browser ## Screenshots of the home, request, review and accounting pages at 375 and 1280 px (docs/screens/)
	@$(DBENV) export DJANGO_ALLOW_ASYNC_UNSAFE=true SCREENS=1; \
	$(PY) -m pytest tests/browser/test_screens.py -m screens -q -p no:cacheprovider; \
	ls -1 docs/screens/*.png

# ---------------------------------------------------------------- cleaning

clean: ## Remove .venv and caches (keeps the database and .var)
	rm -rf .venv .pytest_cache .ruff_cache .mypy_cache .hypothesis .coverage .coverage.* htmlcov test-results
	find . -path ./.var -prune -o -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

clean-all: clean ## clean, then also stop and delete the private cluster and .var (uploads, secret key)
	bin/dbenv destroy
	rm -rf .var
