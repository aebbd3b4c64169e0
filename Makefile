# Kinship: every chore is a target here. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
OPENAPI := src/kinship/api/openapi.json
# Benchmarks join this list as they are written (bench-<name> runs one).
BENCHMARKS := p1 p2 p3 p4 p9

export HOST PORT

.DEFAULT_GOAL := help
.PHONY: help install run test lint format openapi bench clean

help: ## List the chores
	@grep -E '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  benchmarks: $(if $(BENCHMARKS),$(BENCHMARKS),none yet)"

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Kinship needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --no-package-lock || echo "npm install failed: accessibility checks will skip"; \
	else echo "npm not found: accessibility checks in the browser tests will skip"; fi
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install Kinship with its dev tools (.venv/bin/kinship)

run: export KINSHIP_ORG_NAME ?= Riverbend Recovery Collective
run: install ## Migrate, load the demo community, serve at http://$(HOST):$(PORT)
	$(BIN)/kinship migrate --noinput
	$(BIN)/kinship demo
	$(BIN)/kinship serve --host $(HOST) --port $(PORT)

test: install ## Run every test (SQLite by default; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)
	$(BIN)/pytest

lint: install ## ruff, mypy strict, layer contracts, deploy checks, migrations and OpenAPI drift
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	env -u DATABASE_URL -u REDIS_URL KINSHIP_ENV=production KINSHIP_DATA_DIR=$(CURDIR)/data/lint \
	  SECRET_KEY=lint-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  KINSHIP_FIELD_KEYS=$$($(BIN)/python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  KINSHIP_ALLOWED_HOSTS=kinship.example.org \
	  $(BIN)/kinship check --deploy --fail-level WARNING
	env -u DATABASE_URL $(BIN)/kinship makemigrations --check --dry-run
	$(BIN)/pytest -q src/kinship/api/tests/test_openapi.py

format: install ## Format and auto-fix the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: install ## Write the OpenAPI snapshot after an intended API change
	$(BIN)/kinship export_openapi_schema --api kinship.api.api.api --indent 2 --sorted --output $(OPENAPI)
	@echo "wrote $(OPENAPI)"

bench: $(addprefix bench-,$(BENCHMARKS)) ## Run every benchmark (results in bench/results/)
	@echo "benchmarks run: $(if $(BENCHMARKS),$(BENCHMARKS),none yet)"

bench-%: install
	$(BIN)/python -m bench.$* 

clean: ## Remove the virtualenv and local data (the demo database included)
	rm -rf $(VENV) data node_modules
