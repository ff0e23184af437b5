# Two commands do everything on a fresh clone: `make run` and `make test`.
# Each creates .venv when it is missing and installs the project (and the duckdb CLI) into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup run test lint format dev scorecard report-check snapshot snapshot-live bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## run: materialize everything on the shipped snapshot and print the scorecard
run: setup
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/policy-tracker run --persist

## test: lint, then the whole test suite (what CI runs)
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint sql

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## dev: the Dagster UI on http://127.0.0.1:3000 with the schedule loaded
dev: setup
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev --host 127.0.0.1 --port 3000 --workspace workspace.yaml

## scorecard: print the scorecard from the DuckDB file without rerunning anything
scorecard: setup
	$(BIN)/policy-tracker scorecard

## report-check: open reports/scorecard.html in headless Chromium, count the charts that loaded,
## and write reports/screenshot.png (needs Debian's chromium: apt-get install chromium)
report-check: setup
	$(BIN)/python -m pipeline.report.browser

## bench: fetch, end-to-end, scale and query benchmarks (bench/); prints the table and writes
## docs/performance.md. Takes several minutes; never part of `make test`.
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run

## snapshot-live: refresh the snapshot's curated indicators from the live World Bank API
## (needs the network; an indicator the API refuses keeps its rows, and is named)
snapshot-live: setup
	$(BIN)/policy-tracker refresh-snapshot

## snapshot: rebuild data/snapshot/ from the shared real-data folder (maintainers only)
snapshot: setup
	$(BIN)/python scripts/build_snapshot.py --shared ../shared

clean:
	rm -rf warehouse reports .pytest_cache .ruff_cache
