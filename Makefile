# Pobratym: `make run` serves the API on the embedded SQLite default; `make test` runs the suite.
SHELL := /bin/bash
# The first interpreter that actually runs and is >= 3.11 (pyenv shims may exist but not run).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.installed-dev-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: venv dev run test lint format unit bench bench-quick fuzz chaos reliability clean demo lock

# Serving needs only the runtime lock; the test tools come from requirements-dev.lock on top.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $(DEV_STAMP)

venv: $(STAMP)

dev: $(DEV_STAMP)

lock:  ## regenerate both locks from PyPI after changing pyproject.toml (hashes; Python 3.11)
	$(BIN)/python -m pip install --quiet 'uv>=0.13'
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--no-header --quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--no-header --quiet --extra dev -c requirements.lock -o requirements-dev.lock

run: venv  ## create the venv, migrate, and serve the API on SQLite (prints a demo token)
	$(BIN)/pobratym db upgrade
	$(BIN)/pobratym serve --host $(HOST) --port $(PORT)

demo: venv  ## load the public Kharkiv demo data set into the configured database
	$(BIN)/pobratym db upgrade
	$(BIN)/pobratym demo load

lint: dev  ## ruff (lint and format check), the layering contracts, mypy (strict: domain/, application/)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: dev lint  ## the whole suite, on SQLite and PostgreSQL
	$(BIN)/pytest $(PYTEST_ARGS)

unit: dev  ## only the fast tests that need no database server
	$(BIN)/pytest -m "not postgres" $(PYTEST_ARGS)

reliability: dev  ## concurrency, crashes, outage, fuzzing, limits, auth, restore drill (bounded)
	$(BIN)/pytest tests/reliability tests/projections/test_crash.py $(PYTEST_ARGS)

fuzz: dev  ## schemathesis, longer: 50 examples per operation and role, plus boundary values
	POBRATYM_FUZZ_EXAMPLES=$${POBRATYM_FUZZ_EXAMPLES:-50} POBRATYM_FUZZ_COVERAGE=1 \
		$(BIN)/pytest tests/reliability/test_fuzz.py $(PYTEST_ARGS)

chaos: dev  ## crashes, concurrency and the outage, longer: more kills, commands and trials
	POBRATYM_CHAOS_KILLS=$${POBRATYM_CHAOS_KILLS:-25} POBRATYM_CHAOS_TRIALS=$${POBRATYM_CHAOS_TRIALS:-20} \
	POBRATYM_CONCURRENCY_OPS=$${POBRATYM_CONCURRENCY_OPS:-150} \
	POBRATYM_OUTAGE_SECONDS=$${POBRATYM_OUTAGE_SECONDS:-20} \
		$(BIN)/pytest tests/reliability/test_api_crash.py tests/reliability/test_concurrency.py \
		tests/reliability/test_outage.py tests/projections/test_crash.py $(PYTEST_ARGS)

bench: dev  ## benchmarks on PostgreSQL and SQLite: prints a table, writes benchmarks/results.json
	$(BIN)/python -m benchmarks.run

bench-quick: dev
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
