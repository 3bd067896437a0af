# Plenary: `make run` serves the app, `make test` runs every check. Both set everything up
# first on a fresh machine: the virtual env, the Python packages, the front-end packages and
# the database migrations.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test setup lint bench bench-scale clean

run: setup
	$(BIN)/plenary db upgrade
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

VENDOR := static/vendor
VENDORED := \
	node_modules/socket.io-client/dist/socket.io.min.js \
	node_modules/d3-array/dist/d3-array.min.js \
	node_modules/d3-geo/dist/d3-geo.min.js \
	node_modules/topojson-client/dist/topojson-client.min.js \
	node_modules/qrcode-generator/dist/qrcode.js \
	node_modules/world-atlas/countries-110m.json

setup: $(VENV)/.installed $(VENDOR)/.copied

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json $(wildcard package-lock.json)
	npm $(if $(wildcard package-lock.json),ci,install) --no-audit --no-fund --loglevel=error
	touch $@

# The pages load the packages' browser builds from static/vendor/ (never committed).
$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)
	cp $(VENDORED) $(VENDOR)/
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/fanout.py

bench-scale: setup
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .ruff_cache .hypothesis
