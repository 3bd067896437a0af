# Plenary: `make run` serves the app, `make test` runs every check. Both set everything up
# first on a fresh machine: the virtual env, the Python packages, the front-end packages and
# the database migrations.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test setup lint bench clean

run: setup
	$(BIN)/plenary db upgrade
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

setup: $(VENV)/.installed $(if $(wildcard package.json),node_modules/.installed)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json $(wildcard package-lock.json)
	npm $(if $(wildcard package-lock.json),ci,install) --no-audit --no-fund --loglevel=error
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
