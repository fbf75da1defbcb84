# GreenLedger: the two commands are `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pytest runs one worker per core (pytest-xdist); a module's tests stay on one worker, so
# module-scoped fixtures (the authorization matrix's district) are built once per module.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PARALLEL ?= -n $(JOBS) --dist loadscope
# A test that hangs fails with its stack after this many seconds instead of stalling the run.
TIMEOUT ?= --timeout 900

.PHONY: install system-deps demo test lint test-python test-postgres bench bench-district bench-planning bench-finance bench-ecology bench-footprint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the test suite needs (PostgreSQL server, Chromium, CJK fonts, gettext).
system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test-python: install
	$(BIN)/pytest -q $(PARALLEL) $(TIMEOUT)

# The web tests again, against a throw-away PostgreSQL 15 server.
test-postgres: install
	scripts/with-postgres.sh $(BIN)/pytest -q $(PARALLEL) $(TIMEOUT) tests/web -m "not e2e"

test: system-deps lint test-python test-postgres

# The demo district on http://127.0.0.1:8000 (SQLite under ./var; Ctrl-C stops the server).
demo: install
	$(BIN)/greenledger manage migrate --no-input
	$(BIN)/greenledger demo-data --print-tokens
	@echo ""
	@echo "Sign in at http://127.0.0.1:8000/login/ (admin at http://127.0.0.1:8000/admin/)."
	@echo "Accounts (password for all: greenledger-demo): admin (district administrator),"
	@echo "  secretariat, manager and reporter (an enterprise), evaluator, analyst, researcher"
	@echo "  (a research institute: technology proposals), social (an industry association), public."
	@echo "Planning: http://127.0.0.1:8000/planning/plans/ as manager (a committed plan),"
	@echo "  /planning/proposals/ as researcher or secretariat, /planning/district/ as secretariat."
	@echo "Finance: http://127.0.0.1:8000/finance/projects/ as manager (a green and a transition"
	@echo "  project, consents at /finance/grants/, who read what at /finance/access-log/);"
	@echo "  /finance/pool/ and /finance/portfolio/ (PCAF 2025 and 2026, transition KPIs at"
	@echo "  /finance/portfolio/transition/) as analyst; /finance/settings/ as secretariat."
	@echo "Products: /products/ as prod_supplier (billet, shares, PACT, CBAM) or prod_customer."
	@echo "Alliance: /alliance/ (the conference under way; its check-in and the outbox as secretariat)."
	@echo "API: http://127.0.0.1:8000/api/docs with 'Authorization: Bearer <token>' (tokens above)."
	@echo ""
	$(BIN)/greenledger serve --host 127.0.0.1 --port 8000

bench: install
	$(BIN)/python bench/accounting.py

# The district accounts at 20,000 enterprises x 6 years, SQLite and PostgreSQL (about 40 min).
bench-district: install
	$(BIN)/python bench/district.py --database both

# The planning core: MACC, one enterprise's pathway, optimiser vs greedy heuristic (about 1 min).
bench-planning: install
	$(BIN)/python bench/planning.py

# Green and transition finance: PCAF over 50,000 positions against bare Polars (under 1 min).
bench-finance: install
	$(BIN)/python bench/finance.py

# Industry ecology: CFE for 1,000 sites x 8,784 h and matching 20,000 x 20,000, each against a
# Python baseline in the same run (a few minutes: the all-pairs baseline runs on a sample).
bench-ecology: install
	$(BIN)/python bench/ecology.py

# Product footprints: 100,000 processes solved by ours and by Brightway's bw2calc on the same
# matrix (the optional `bench` extra, installed here), results compared to 1e-9 relative.
bench-footprint: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/footprint.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
