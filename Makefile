# The hub platform. `make help` lists the targets; `make run` and `make test` are all a
# newcomer needs (README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
AXE := node_modules/axe-core/axe.min.js

.PHONY: help install install-dev messages makemessages migrate demo run worker test test-e2e bench audit lint format clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	@mkdir -p var && touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(STAMP) ## Create .venv and install the application's dependencies

install-dev: $(DEV_STAMP) $(AXE) ## Also install the test and lint tools (Python, and axe-core from npm)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: $(STAMP) ## Compile the French translations (locale/*.po -> .mo)
	$(MANAGE) compile_translations

makemessages: $(STAMP) ## Refresh locale/fr from the code (needs GNU gettext), then translate the .po
	$(MANAGE) makemessages -l fr --ignore=.venv --ignore=tests --ignore=var --no-obsolete

migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate messages ## Load the demo content (safe to repeat)
	$(MANAGE) load_demo

run: migrate messages ## Install, migrate, load demo content into an empty database, serve with the task worker
	$(MANAGE) load_demo --if-empty
	@echo "Serving http://127.0.0.1:8000 with the task worker; Ctrl-C stops both."
	@$(MANAGE) qcluster & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(MANAGE) runserver 127.0.0.1:8000

worker: $(STAMP) ## Run the django-q2 task worker alone
	$(MANAGE) qcluster

test: $(DEV_STAMP) $(AXE) messages ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(PY) -m pytest $(PYTEST_ARGS)

test-e2e: $(DEV_STAMP) $(AXE) messages ## Run only the browser journeys
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(DEV_STAMP) messages ## Benchmarks: query budgets, throughput, races (bench/; docs/performance.md)
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian) for the throughput benchmark"; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench $(BENCH_ARGS)

audit: $(DEV_STAMP) ## Audit the installed dependencies for known vulnerabilities (needs PyPI's API)
	$(VENV)/bin/pip-audit --vulnerability-service pypi --strict --progress-spinner off

lint: $(DEV_STAMP) ## ruff format check, ruff, Django checks, missing migrations
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

format: $(DEV_STAMP) ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var build *.egg-info node_modules
