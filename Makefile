# Watchbot tasks. `make run` is all a new user needs: it creates .venv, installs, starts.
# python3.11 where it exists, else the python3 on PATH (which must be 3.11 or newer).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PACKAGES := bot watchlists storage ingest

.PHONY: run demo test check lint format bench clean-venv

# Reinstall only when pyproject.toml changed since the last install (the stamp is newer).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/watchbot run

demo: $(STAMP)
	$(BIN)/watchbot demo

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: lint
	$(BIN)/mypy -p bot -p watchlists -p storage -p ingest
	$(MAKE) test

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark prints its own figures against a baseline measured in the same run.
bench: $(STAMP)
	@set -e; for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script; \
	done
	$(BIN)/python -m benchmarks.matching

clean-venv:
	rm -rf $(VENV)
