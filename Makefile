# The two commands: `make run` (serve the app with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := run.py

# WeasyPrint's libraries, a font family covering Vietnamese, pdftotext for reading PDFs back.
RUN_DEBS := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
# Browser tests drive Debian's Chromium; PostgreSQL tests start a throwaway server.
TEST_DEBS := $(RUN_DEBS) chromium postgresql

.PHONY: run test bench translations system-deps system-deps-test clean

run: system-deps $(VENV)/.runtime translations
	APP_CONFIG=development $(BIN)/flask db upgrade
	APP_CONFIG=development $(BIN)/flask seed-demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	APP_CONFIG=development $(BIN)/flask run --host 127.0.0.1 --port 5000

test: system-deps-test $(VENV)/.dev translations
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Speed figures (not tests): prints timings against the targets in each benchmark's docstring.
bench: system-deps $(VENV)/.dev translations
	$(BIN)/python bench/dossier.py
	$(BIN)/python bench/registry.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/page_weight.py

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
	rm -rf $(VENV) .pytest_cache
