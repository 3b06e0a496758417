# Entry points. `make run` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint format data browser-deps import bench bench-quick clean

$(RUN_STAMP): requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## run: the dashboard on the bundled data at http://127.0.0.1:$(PORT)
run: $(RUN_STAMP)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

## browser-deps: Debian's Chromium for the browser tests (root installs it with apt-get)
browser-deps:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "chromium is missing at $(CHROMIUM)"; exit 1; }

## test: every test, browser tests included
test: $(DEV_STAMP) browser-deps
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory bench-quick

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## data: regenerate the bundled illustrative extract (deterministic)
data: $(RUN_STAMP)
	$(BIN)/python -m kcdash.generate

## import: check and import an official's extract: make import FILE=path [TABLE=activities|clusters] [SHEET=name]
import: $(RUN_STAMP)
	@test -n "$(FILE)" || { echo "usage: make import FILE=path [TABLE=activities|clusters] [SHEET=name] [DATA_DIR=dir]"; exit 2; }
	$(BIN)/python -m kcdash.importer "$(FILE)" $(if $(TABLE),--table "$(TABLE)") $(if $(SHEET),--sheet "$(SHEET)") $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

## bench: national-size extracts (100k, 1M, 10M rows) timed against the plain-pandas way; writes bench/results.json and bench/RESULTS.md
bench: $(DEV_STAMP) browser-deps
	$(BIN)/python -m bench.run

## bench-quick: the same at 100 thousand rows, one pass, no targets (a smoke test, part of make test)
bench-quick: $(DEV_STAMP) browser-deps
	$(BIN)/python -m bench.run --quick --out test-output/bench

clean:
	rm -rf $(VENV) test-output .pytest_cache bench/data
