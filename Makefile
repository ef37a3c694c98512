# Two commands set up everything on a fresh machine:
#   make run    the portal with demo data on an embedded SQLite database
#   make test   the whole test suite
PYTHON ?= python3
PORT ?= 5000
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint setup serve-setup translations clean bench

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

bench: setup
	$(BIN)/python bench/directory_search.py

clean:
	rm -rf $(VENV) node_modules static/vendor instance
	find translations -name '*.mo' -delete
