# Kernpunt: `make run` serves the app with demo data, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run serve migrate scheduler ready test test-fast lint check-migrations format translations extract-messages vendor bench bench-api bench-wrk bench-crash bench-scale worker clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# The app alone (make run, make serve), then the test and development tools (make test).
$(VENV)/.installed-app: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.installed-app
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

translations: $(VENV)/.installed-app
	$(BIN)/pybabel compile --use-fuzzy --statistics -d dialogue/translations

database: $(VENV)/.installed-app translations
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load

run: database
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# gunicorn, 2 sync workers on 127.0.0.1:8000 (KERNPUNT_BIND, KERNPUNT_WEB_WORKERS): the same
# script the Dockerfile and the systemd unit start (docs/deploy.md).
serve: database
	PYTHON=$(BIN)/python scripts/serve.sh

# The production processes, each also started by compose.yaml and deploy/systemd/.
migrate: $(VENV)/.installed-app
	$(BIN)/flask db upgrade

worker: $(VENV)/.installed-app
	$(BIN)/flask worker

scheduler: $(VENV)/.installed-app
	$(BIN)/flask scheduler

# Readiness of a running installation (READY_URL): exit 0 when /readyz answers 200.
READY_URL ?= http://127.0.0.1:8000/readyz
ready:
	$(BIN)/python scripts/probe.py $(READY_URL)

test: $(VENV)/.installed translations
	$(BIN)/pytest

test-fast: $(VENV)/.installed translations
	$(BIN)/pytest -m "not slow and not browser"

lint: $(VENV)/.installed check-migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -ll -r dialogue nlp

# The migrations, run on an empty database, give exactly the models (flask db check).
check-migrations: $(VENV)/.installed-app
	tmp=$$(mktemp -d) && \
	KERNPUNT_INSTANCE_PATH=$$tmp DATABASE_URL=sqlite:///$$tmp/check.sqlite $(BIN)/flask db upgrade && \
	KERNPUNT_INSTANCE_PATH=$$tmp DATABASE_URL=sqlite:///$$tmp/check.sqlite $(BIN)/flask db check && \
	rm -rf $$tmp

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o dialogue/translations/messages.pot .
	$(BIN)/pybabel update -i dialogue/translations/messages.pot -d dialogue/translations

# A PostgreSQL database the API benchmarks may empty; without it they run on SQLite only.
BENCH_PG_URL ?=

bench-api: $(VENV)/.installed
	$(BIN)/python benchmarks/api_load.py
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python benchmarks/api_load.py --database-url "$(BENCH_PG_URL)"; fi

bench-wrk: $(VENV)/.installed
	$(BIN)/python benchmarks/wrk_method.py
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python benchmarks/wrk_method.py --database-url "$(BENCH_PG_URL)"; fi

bench-crash: $(VENV)/.installed
	$(BIN)/python benchmarks/crash_test.py
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python benchmarks/crash_test.py --database-url "$(BENCH_PG_URL)"; fi

bench-scale: $(VENV)/.installed
	$(BIN)/python benchmarks/scale.py $(if $(QUICK),--quick)

vendor:
	./scripts/vendor.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
