# Pobratym: `make run` serves the API on the embedded SQLite default; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: venv run test lint format unit bench bench-quick fuzz clean demo

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: venv  ## create the venv, migrate, and serve the API on SQLite (prints a demo token)
	$(BIN)/pobratym db upgrade
	$(BIN)/pobratym serve --host $(HOST) --port $(PORT)

demo: venv  ## load the public Kharkiv demo data set into the configured database
	$(BIN)/pobratym db upgrade
	$(BIN)/pobratym demo load

lint: venv  ## ruff (lint and format check) and the layering contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: venv lint  ## the whole suite, on SQLite and PostgreSQL
	$(BIN)/pytest $(PYTEST_ARGS)

unit: venv  ## only the fast tests that need no database server
	$(BIN)/pytest -m "not postgres" $(PYTEST_ARGS)

bench: venv  ## benchmarks on PostgreSQL and SQLite: prints a table, writes benchmarks/results.json
	$(BIN)/python -m benchmarks.run

bench-quick: venv
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
