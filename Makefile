# The two commands: `make run` (serve the app with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BENCH_VENV := .venv-bench
export FLASK_APP := run.py

# WeasyPrint's libraries, a font family covering Vietnamese, pdftotext for reading PDFs back.
RUN_DEBS := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
# Browser tests drive Debian's Chromium; PostgreSQL tests start a throwaway server.
TEST_DEBS := $(RUN_DEBS) chromium postgresql

.PHONY: run test bench translations system-deps system-deps-test clean

run: system-deps $(VENV)/.runtime translations
	APP_CONFIG=development $(BIN)/flask db upgrade
	APP_CONFIG=development $(BIN)/flask seed-demo
	@echo "Serving on http://127.0.0.1:5000 with the background worker (Ctrl+C stops both)"
	APP_CONFIG=development $(BIN)/flask worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	APP_CONFIG=development $(BIN)/flask run --host 127.0.0.1 --port 5000

test: system-deps-test $(VENV)/.dev translations
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Speed figures (not tests): prints timings against the targets in each benchmark's docstring.
# LibreOffice only for the dossier's comparison (skipped with a message if it cannot be installed);
# Locust only for the load test, in its own virtualenv.
bench: system-deps $(VENV)/.dev translations $(BENCH_VENV)/.installed
	-@scripts/system-deps.sh libreoffice-writer-nogui || echo "LibreOffice is not installed: the dossier's comparison with it is skipped."
	$(BIN)/python bench/dossier.py
	$(BIN)/python bench/registry.py
	$(BIN)/python bench/lists.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/marks.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/page_weight.py

$(BENCH_VENV)/.installed: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r requirements-bench.txt
	touch $@

system-deps:
	@scripts/system-deps.sh $(RUN_DEBS)

system-deps-test:
	@scripts/system-deps.sh $(TEST_DEBS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Compile the .po catalogues into the .mo files the app reads (not kept in git).
translations: $(VENV)/.runtime
	$(BIN)/pybabel -q compile -d app/translations

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache
