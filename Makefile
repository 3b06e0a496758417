# Entry points. `make run` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
CHROMIUM ?= /usr/bin/chromium
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test test-fast lint format lock data browser-deps server-deps import migrate admin bench bench-quick clean figures figures-eval

# Every dependency, direct and indirect, pinned with its hashes (`make lock` remakes the locks
# from requirements*.txt); then the project itself, editable, so tests import it as installed.
$(RUN_STAMP): requirements.lock requirements-build.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.lock
	$(PIP) install --require-hashes --no-deps -r requirements-dev.lock
	touch $@

## lock: pin every dependency with hashes (needs the package index)
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP) install pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt requirements-build.txt
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements-dev.lock requirements-dev.txt requirements-build.txt

## run: the dashboard on the bundled data at http://127.0.0.1:$(PORT) (viewer.py: app.py with no upload endpoint);
## first the data folder's lake is made from its own files if it has none (kcdash.first_snapshot)
run: $(RUN_STAMP)
	@$(BIN)/python -m kcdash.first_snapshot
	$(BIN)/streamlit run viewer.py --server.address 127.0.0.1 --server.port $(PORT)

## browser-deps: Debian's Chromium (browser tests, report PDF and chart images), poppler-utils
## (pdftotext/pdftoppm, report tests) and fonts-liberation2 (Liberation Serif with Vietnamese,
## metric-compatible with Times New Roman); root installs them with apt-get
LIBERATION_SERIF := /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
browser-deps:
	@test -x $(CHROMIUM) && command -v pdftoppm >/dev/null && test -f $(LIBERATION_SERIF) || { \
	  echo "Installing Debian's chromium, poppler-utils and fonts-liberation2"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium poppler-utils fonts-liberation2 >/dev/null; }
	@test -x $(CHROMIUM) || { echo "chromium is missing at $(CHROMIUM)"; exit 1; }

## server-deps: Debian's postgresql (tests that share one lake catalog between servers start a
## throwaway cluster of it); root installs it with apt-get
server-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# The test stages, by the markers in pyproject.toml (tests/conftest.py fails a test that starts a
# server, Chromium or another program without its marker). Two pytest-xdist workers: in the fast stage a test file
# to one worker; in the slow stage test by test (a module with a module-scoped fixture kept
# together, tests/conftest.py), each worker keeping one Chromium and one dashboard per data for
# all its tests. The load test and the benchmark run alone, as they time the dashboard.
# TEST_JOBS=0 runs a stage in one process.
TEST_JOBS ?= 2
PYTEST := $(BIN)/python -m pytest -q
PARALLEL = $(if $(filter-out 0,$(TEST_JOBS)),-n $(TEST_JOBS) --dist loadfile)
PARALLEL_SLOW = $(if $(filter-out 0,$(TEST_JOBS)),-n $(TEST_JOBS) --dist loadgroup)
IN_PROCESS_TESTS := not server and not browser and not program and not load and not bench
FAST_TESTS := not server and not browser and not load and not bench
SLOW_TESTS := (server or browser) and not load and not bench

## test: the fast stage (with the tests that start programs), then the servers' and Chromium's tests, then the load
## test, then the quick benchmark
test: $(DEV_STAMP) browser-deps server-deps
	$(PYTEST) $(PARALLEL) -m "$(FAST_TESTS)"
	$(PYTEST) $(PARALLEL_SLOW) -m "$(SLOW_TESTS)"
	$(PYTEST) -m "load or bench"
	$(MAKE) --no-print-directory bench-quick

## test-fast: the inner loop: in this process only (no server, no Chromium, no other program, no load test, no
## benchmark; nothing to install but the venv)
test-fast: $(DEV_STAMP)
	$(PYTEST) $(PARALLEL) -m "$(IN_PROCESS_TESTS)"

## lint: style, security rules, types (mypy on kcdash/, pages/, app.py) and the layer contracts (import-linter)
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## data: regenerate the bundled illustrative extract (deterministic)
data: $(RUN_STAMP)
	$(BIN)/python -m kcdash.generate

## import: check and import an official's extract: make import FILE=path [TABLE=activities|clusters] [SHEET=name]
##   [PROFILE=name] [MAP='Header=column'] [ACCEPT_SUGGESTIONS=1] (more --map: python -m kcdash.importer)
# FILE, TABLE, SHEET and DATA_DIR reach the importer as their own text: taken unexpanded
# ($(value …)), single-quoted for the shell (a quote inside becomes '\''), after "--" so a name
# starting with "-" is not an option, and not echoed. A name with spaces, quotes, $ or backticks
# imports as itself and never runs (tests/test_security.py).
# Imports and the steward console run at a lower CPU priority (nice) than the dashboard, so
# viewers keep their speed while a large file is checked (tests/test_load.py).
unexport FILE TABLE SHEET PROFILE MAP
shell_quote = '$(subst ','\'',$(value $(1)))'
STEWARD_NICE ?= 10
import: $(RUN_STAMP)
	@$(if $(value FILE),true,{ echo "usage: make import FILE=path [TABLE=activities|clusters] [SHEET=name] [DATA_DIR=dir]"; exit 2; })
	@nice -n $(STEWARD_NICE) $(BIN)/python -m kcdash.importer $(if $(value TABLE),--table $(call shell_quote,TABLE)) $(if $(value SHEET),--sheet $(call shell_quote,SHEET)) $(if $(value DATA_DIR),--data-dir $(call shell_quote,DATA_DIR)) $(if $(value PROFILE),--profile $(call shell_quote,PROFILE)) $(if $(value MAP),--map $(call shell_quote,MAP)) $(if $(ACCEPT_SUGGESTIONS),--accept-suggestions) -- $(call shell_quote,FILE)

## figures: the figures a report states, each with its quote, to check before publishing:
##   make figures FILE=report.docx [FORMAT=json] [ACCEPT=all|1,3] [PROVINCE=42] [TITLE=…] [ISSUER=…] [DATE=YYYY-MM-DD] [URL=…]
## FILE and the rest reach the program through the environment, never through the shell's command
## line; ACCEPT commits the accepted figures as a new data version (STEWARD=name is kept in its history)
figures: $(RUN_STAMP)
	@nice -n $(STEWARD_NICE) $(BIN)/python -m kcdash.figures --from-env $(if $(value DATA_DIR),--data-dir $(call shell_quote,DATA_DIR)) -- $(call shell_quote,FILE)

## figures-eval: recall and false proposals of the report reader over tests/figures_corpus and the seed reports
figures-eval: $(RUN_STAMP)
	$(BIN)/python -m kcdash.figures.evaluate

## migrate: move a data folder's versions/ (the folder store) into its lake, each version one snapshot
##   with its date and author: make migrate DATA_DIR=/srv/kc [REPORT_LANG=en] (refuses a folder that has a lake already)
migrate: $(RUN_STAMP)
	@$(if $(value DATA_DIR),true,{ echo "usage: make migrate DATA_DIR=dir"; exit 2; })
	$(BIN)/python -m kcdash.migrate --data-dir $(call shell_quote,DATA_DIR) $(if $(value REPORT_LANG),--lang $(call shell_quote,REPORT_LANG))

## admin: the steward console (sign-in, import, rollback) on its own port, the only app that accepts uploads
ADMIN_PORT ?= 8502
ADMIN_MAX_UPLOAD_MB ?= 50
ADMIN_FLAGS ?=
admin: $(RUN_STAMP)
	@nice -n $(STEWARD_NICE) $(BIN)/python -m kcdash.first_snapshot
	nice -n $(STEWARD_NICE) $(BIN)/streamlit run admin.py --server.address 127.0.0.1 --server.port $(ADMIN_PORT) --server.maxUploadSize $(ADMIN_MAX_UPLOAD_MB) $(ADMIN_FLAGS)

## bench: server (100k, 1M, 10M rows; pandas and Polars peers), browser (every page in Chromium vs a minimal page), cold start, 20-session load; writes bench/results.json and bench/RESULTS.md
bench: $(DEV_STAMP) browser-deps
	$(BIN)/python -m bench.run

## bench-quick: 100 thousand rows, a short browser stage on the bundled data, no targets (a smoke test, part of make test)
bench-quick: $(DEV_STAMP) browser-deps
	$(BIN)/python -m bench.run --quick --out test-output/bench

## report: the province report, Word or PDF, for the given filters (DATA_DIR as for make run):
##   make report PROV=11 YEARS=2007-2012 REPORT_LANG=vi FORMAT=docx OUT=bao-cao.docx [MODE=published]
##   [ISSUER="SỞ CÔNG THƯƠNG" ISSUER_PARENT="UBND TỈNH ĐIỆN BIÊN" ISSUER_ABBR=SCT SIGNER_TITLE=… PLACE=…]
## PROV, YEARS, REPORT_LANG, FORMAT, OUT, MODE and the issuer's variables reach the program through the environment
## (make passes command-line variables there), never through the shell's command line.
.PHONY: report
report: $(RUN_STAMP) browser-deps
	$(BIN)/python -m kcdash.report --from-env

clean:
	rm -rf $(VENV) test-output .pytest_cache bench/data
