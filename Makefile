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
# The test tools from npm (package-lock.json): axe-core and the Nu HTML Checker (vnu.jar).
# No install scripts: vnu-jar's would fetch a Java runtime when none is found, and Java
# comes from Debian (default-jre-headless; .ci/run installs it).
NPM_TOOLS := node_modules/.installed

# uv installs everything from uv.lock. It is bootstrapped into .uv/ from requirements-uv.txt
# (one version, pinned with hashes), so a new machine needs nothing but Python and pip.
UV_HOME := .uv
UV := $(UV_HOME)/bin/uv
# uv uses this Python and never downloads one of its own; the environment is .venv.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1
LOCK_STALE := uv.lock does not match pyproject.toml. Run 'make lock' (re-locks what changed and \
	keeps every other version) or 'make upgrade' (the newest allowed of everything), then \
	'make test', and commit uv.lock with pyproject.toml.

.PHONY: help install install-dev lock upgrade outdated test-latest messages makemessages migrate demo run worker test test-fast test-e2e bench audit lint format clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(UV): requirements-uv.txt
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r requirements-uv.txt
	@touch $@

# Both installs refuse a lock that no longer matches pyproject.toml (uv sync --locked) and
# make .venv exactly the lock's: the application's dependencies, or those and the tools.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(UV) lock --check --quiet || { echo "$(LOCK_STALE)" >&2; exit 1; }
	$(UV) sync --locked --no-dev --quiet
	@rm -f $(VENV)/.installed*
	@mkdir -p var && touch $@

$(DEV_STAMP): $(STAMP)
	$(UV) sync --locked --quiet
	@touch $@

# Asked for by name, an install always makes .venv exactly the lock's again (the tools go).
install: ## Make .venv exactly uv.lock's application dependencies (object storage included)
	@rm -f $(VENV)/.installed*
	@$(MAKE) --no-print-directory $(STAMP)

install-dev: $(DEV_STAMP) $(NPM_TOOLS) ## Also the test, lint and bench tools (uv.lock), axe-core and vnu (package-lock.json)

lock: | $(UV) ## Re-lock after editing pyproject.toml, keeping every version that still fits
	$(UV) lock

upgrade: | $(UV) ## Refresh uv.lock to the newest allowed versions (then make test; README "Dependencies")
	$(UV) lock --upgrade

outdated: | $(UV) ## List what make upgrade would change in uv.lock, changing nothing
	$(UV) lock --upgrade --dry-run

# The newest allowed versions in a throw-away environment (var/latest/), the fast suite on them:
# what a newcomer would get without the lock. uv.lock and .venv are not touched.
test-latest: | $(UV) ## Run the fast suite on the newest allowed versions, not the lock's
	@mkdir -p var/latest
	$(UV) pip compile pyproject.toml --group dev --all-extras --upgrade --quiet --no-header --no-annotate \
		-o var/latest/requirements.txt
	@$(UV) export --frozen --no-hashes --no-header --no-annotate --no-emit-project --quiet \
		-o var/latest/locked.txt
	@echo "Newer than uv.lock:"; \
		comm -13 <(sed 's/ ;.*//' var/latest/locked.txt | sort) \
		<(sed 's/ ;.*//' var/latest/requirements.txt | sort) | sed 's/^/  /'
	$(UV) venv --quiet --allow-existing var/latest/venv
	$(UV) pip sync --quiet --python var/latest/venv/bin/python var/latest/requirements.txt
	var/latest/venv/bin/python manage.py compile_translations
	var/latest/venv/bin/python -m pytest -m "not browser" $(PYTEST_ARGS)

$(NPM_TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
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

test: $(DEV_STAMP) $(NPM_TOOLS) messages ## Run the whole test suite (needs /usr/bin/chromium for the browser tests, java for the HTML check)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(DEV_STAMP) $(NPM_TOOLS) messages ## Run the suite without the browser journeys
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-e2e: $(DEV_STAMP) $(NPM_TOOLS) messages ## Run only the browser journeys
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(DEV_STAMP) messages ## Benchmarks: query budgets, throughput, races (bench/; docs/performance.md)
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian) for the throughput benchmark"; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	@command -v redis-server >/dev/null || { echo "Installing redis-server (Debian): the servers measured share a cache, as in production"; \
		apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
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
