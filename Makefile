# Two commands set up everything on a fresh machine:
#   make run    the portal with demo data on an embedded SQLite database
#   make test   the whole test suite
# Running a scheme (README): make production, make loadtest, make fuzz.
PYTHON ?= python3
PORT ?= 5000
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint setup serve-setup translations clean bench bench-pages bench-reports bench-lighthouse production loadtest loadtest-400 fuzz

run: serve-setup
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup  # ruff, mypy and the house plan's import-linter contracts (pyproject.toml)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

setup: $(VENV)/.installed node_modules/.installed static/vendor/htmx.min.js translations

serve-setup: setup
	$(FLASK) db upgrade
	$(FLASK) demo load

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/htmx.min.js: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

translations: $(VENV)/.installed
	$(FLASK) translate compile

# The processes a deployment runs (Procfile), on PostgreSQL and Redis, HTTPS on PORT (8443).
# Settings come from the environment or a .env file (README, "Running a scheme").
PRODUCTION_PORT := $(if $(filter environment command line,$(origin PORT)),$(PORT),8443)
HONCHO := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho

production: setup
	@command -v caddy >/dev/null || { echo "Caddy is needed: apt-get install caddy"; exit 1; }
	$(HONCHO) run python -m portal.production
	$(HONCHO) run flask --app wsgi db upgrade
	PORT=$(PRODUCTION_PORT) $(HONCHO) start --procfile Procfile

# Whole journeys with Locust against `make production` (LOADTEST_HOST, default https://localhost:8443),
# or against a stack of its own with LOADTEST_STACK=1; stages: LOADTEST_USERS="200 300 400 500 600".
loadtest: setup
	$(BIN)/python -c 'import locust' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/load/run.py

# The target (bench/load/RESULTS.md): 400 people for 5 minutes, on a stack of its own (about 7 minutes in all).
loadtest-400: setup
	$(BIN)/python -c 'import locust' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,load]'
	LOADTEST_STACK=1 LOADTEST_USERS=400 LOADTEST_DURATION=5m $(BIN)/python bench/load/run.py

# Hypothesis over every form and query string: at least 10,000 cases (CI runs a small profile).
fuzz: setup
	FUZZ_PROFILE=thorough $(BIN)/python -m pytest -n $(TEST_WORKERS) -m fuzz tests/test_fuzz_forms.py $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/directory_search.py

# Every public page on a first visit and the search at 10k and 100k listings, as a share of a bare
# Flask hello-world, and each page's compressed weight (figures, no assertions; --label, --before).
bench-pages: setup
	$(BIN)/python bench/public_pages.py

# Lighthouse (mobile, simulated throttling) on every public page in English and Arabic, against the demo
# data served by gunicorn; Lighthouse installed on first use into bench/lighthouse/ (npm ci there only).
bench-lighthouse: setup
	$(BIN)/python bench/lighthouse.py $(BENCH_LIGHTHOUSE_ARGS)

# Every report over a year of 1,000,000 referrals and 10,000,000 searches (built once in bench/out/),
# SQLite or BENCH_DATABASE_URL; BENCH_REPORTS_ARGS="--referrals 10000 --searches 100000" runs small.
bench-reports: setup
	$(BIN)/python bench/reports.py $(BENCH_REPORTS_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor instance
	find translations -name '*.mo' -delete
