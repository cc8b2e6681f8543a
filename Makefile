# safeplan: `make run` serves a demo on SQLite; `make test` runs every test.
# Both create the Python environment (.venv) when it is missing or out of date.

PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_ENV := SAFEPLAN_MODE=demo
TEST_ENV := SAFEPLAN_MODE=test

.PHONY: run test lint format assets lock system-deps gettext-deps browser-deps check-migrations messages clean help bench

help:
	@echo "make run    serve a demo with synthetic data on http://127.0.0.1:$(PORT) (SQLite under var/)"
	@echo "make test   run every test: domain, Django and browser (PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff and mypy"
	@echo "make bench  key pages, audit, bundle and survivor page weight at a force's volume on PostgreSQL"
	@echo "            (BENCH_SCALE=0.1 for a quick run; BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/safeplan_bench)"
	@echo "make assets rebuild CSS/JS from GOV.UK Frontend (needs Node; output is committed)"
	@echo "make lock   re-pin requirements.lock from pyproject.toml (needs network)"

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3.11 -m venv failed; installing python3.11-venv"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3.11-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# WeasyPrint (PDFs) needs Pango; make installs it with apt-get when it is missing.
system-deps:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { \
	  echo "installing Pango for PDF output"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

# The Welsh catalogue test extracts every message with xgettext (Debian's gettext); make installs it when missing.
gettext-deps:
	@command -v xgettext >/dev/null && command -v msgfmt >/dev/null || { \
	  echo "installing gettext for the Welsh catalogue checks"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext; }

# Browser tests drive Debian's Chromium; make installs it with apt-get when it is missing.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

run: $(VENV)/.installed system-deps
	$(DEMO_ENV) $(BIN)/safeplan migrate --no-input
	$(DEMO_ENV) $(BIN)/safeplan collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(BIN)/safeplan demo
	$(DEMO_ENV) $(BIN)/safeplan serve --port $(PORT)

test: $(VENV)/.installed system-deps gettext-deps browser-deps
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print numbers and assert nothing; they are not part of `make test`.
bench: $(VENV)/.installed system-deps browser-deps
	$(BIN)/python benchmarks/bench_pages.py $(if $(BENCH_SCALE),--scale $(BENCH_SCALE))
	$(TEST_ENV) $(BIN)/python benchmarks/bench_audit.py --seconds 3
	$(TEST_ENV) $(BIN)/python benchmarks/bench_evidence_bundle.py --sizes-kb 10
	$(TEST_ENV) $(BIN)/pytest benchmarks/bench_survivor_pages.py -s -q -p no:cacheprovider

check-migrations: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/safeplan makemigrations --check --dry-run

# After changing user-facing text: refresh the Welsh catalogue, translate the new entries, compile it.
messages: $(VENV)/.installed gettext-deps
	cd src/safeplan && $(TEST_ENV) ../../$(BIN)/safeplan makemessages -l cy --ignore "tests/*" --ignore "*/tests/*" --ignore "testing/*" --no-obsolete
	@msgfmt --statistics -o /dev/null src/safeplan/locale/cy/LC_MESSAGES/django.po
	cd src/safeplan && $(TEST_ENV) ../../$(BIN)/safeplan compilemessages -l cy

assets:
	cd frontend && npm ci --no-audit --no-fund && npm run build

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var
