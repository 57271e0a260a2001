# Stargate Explained — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
APP_PORT ?= 8866
# The app's listening address (APP_HOST=0.0.0.0 serves a classroom's network), its cap on readers served at
# once (empty: from the machine's memory) and the seconds a kernel may sit without a page before it is shut
# down (empty: app/config/voila.json, 60), and how often that is checked (empty: app/config/voila.json, 10)
APP_HOST ?= 127.0.0.1
APP_MAX_KERNELS ?=
APP_CULL_S ?=
APP_CULL_INTERVAL_S ?=
APP_SITE_URL ?=
SITE_DIR ?= site
HOST := 127.0.0.1
BIN := $(VENV)/bin
START := notebooks/00-start-here.ipynb
PIP_FLAGS ?= --disable-pip-version-check --no-input
# The app's template (app/jupyter) and the servers' settings (app/config: compression, Voila's pre-heated
# kernels), for JupyterLab and the app alike; binder/start sets the same two on Binder
SERVER_ENV := JUPYTER_PATH=$(CURDIR)/app/jupyter JUPYTER_CONFIG_PATH=$(CURDIR)/app/config
# JupyterLab refuses to start as root (containers, CI) unless told it may
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help run app test check lint setup setup-dev validate snapshots goldens site bench lock clean

help:
	@echo "make run       set up .venv and open the explainer in JupyterLab (PORT=$(PORT))"
	@echo "make app       serve the explainer as an app with the code hidden (Voila, APP_PORT=$(APP_PORT))"
	@echo "make test      set up .venv with test tools and run every test (the full gate CI runs)"
	@echo "make check     the fast tier: static checks, data validation, unit tests (no browser, no chapters)"
	@echo "make lint      the static checks alone: ruff (lint, format) for Python and notebooks, Biome for JS"
	@echo "make validate  check the CSV files in data/ (or \$$STARGATE_DATA_DIR)"
	@echo "make snapshots refresh the key figures the notebook tests expect (after a deliberate data change)"
	@echo "make goldens   rewrite the live charts' golden answers (stargate/*/goldens.json), printing what changed"
	@echo "make site      build the explainer as a static web site into $(SITE_DIR)/ (no kernel needed to read it)"
	@echo "               (SITE_URL=https://... : the address it is published at, for link previews)"
	@echo "make lock      rewrite requirements*.txt from pyproject.toml (after changing its dependencies)"
	@echo "make bench     measure every performance figure; prints a table, saves JSON, updates the README"
	@echo "make clean     remove .venv and build artifacts"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)

# The environment is the lock (requirements.txt, written by `make lock` from pyproject.toml), installed in
# pip's hash-checking mode; then this repository's `stargate` itself, editable and without dependencies (the
# lock has them all): pip cannot hash an editable install, so it is a step of its own (binder/postBuild too).
$(VENV)/.stamp-run: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) --quiet --no-deps -e .
	@touch $@

# Browser files, pinned in package.json: plotly.js (built into one bundle of the trace types the charts
# draw: app/plotly-bundle.json) and axe-core (accessibility tests). Lighthouse, for `make bench` only, is pinned
# apart in benchmarks/lighthouse/ (so that run and test do not install it).
# Without npm the charts load the whole plotly.js of the Python package.
node_modules/.stamp: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "note: npm not found: the charts will load the whole plotly.js (install Node.js for a smaller one)"; fi

build/plotly/.stamp: node_modules/.stamp app/build-plotly.js app/plotly-bundle.json
	@if [ -f node_modules/.stamp ]; then node app/build-plotly.js && touch $@; fi

# plotly.js as cached files for the app's and JupyterLab's charts (stargate/webassets.py)
$(VENV)/.stamp-assets: $(VENV)/.stamp-run stargate/webassets.py build/plotly/.stamp
	$(BIN)/python -m stargate assets
	@touch $@

$(VENV)/.stamp-dev: requirements-dev.txt $(VENV)/.stamp-run
	$(BIN)/python -m pip install $(PIP_FLAGS) --quiet --require-hashes -r requirements-dev.txt
	@touch $@

# The locks, from pyproject.toml's dependencies and its `test` extra, by uv (pinned in that extra): exact
# versions with their hashes, for every platform, on Binder's Python. The versions already locked are kept
# unless pyproject.toml asks otherwise (to move one: uv's --upgrade-package NAME in LOCK_FLAGS).
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock" $(LOCK_FLAGS)
lock: $(VENV)/.stamp-dev
	$(UV_COMPILE) --output-file requirements.txt pyproject.toml
	$(UV_COMPILE) --extra test --constraint requirements.txt --output-file requirements-dev.txt pyproject.toml
	cp requirements.txt binder/requirements.txt

setup: $(VENV)/.stamp-run $(VENV)/.stamp-assets
setup-dev: $(VENV)/.stamp-dev $(VENV)/.stamp-assets

run: setup
	@echo "Opening the explainer: http://$(HOST):$(PORT)/lab/tree/$(START)"
	@echo "(JupyterLab prints the same address with its access token below; stop with Ctrl-C)"
	$(SERVER_ENV) $(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
		--ServerApp.root_dir=. $(ROOT_FLAG) $(START)

APP_OPTS := $(if $(APP_MAX_KERNELS),--StargateApp.max_kernels=$(APP_MAX_KERNELS)) \
	$(if $(APP_CULL_S),--MappingKernelManager.cull_idle_timeout=$(APP_CULL_S)) \
	$(if $(APP_CULL_INTERVAL_S),--MappingKernelManager.cull_interval=$(APP_CULL_INTERVAL_S)) \
	$(if $(APP_SITE_URL),--StargateApp.site_url=$(APP_SITE_URL))

app: setup
	@echo "Explainer app: http://$(APP_HOST):$(APP_PORT)/voila/render/00-start-here.ipynb  (stop with Ctrl-C)"
	@echo "Its quiz (no code): http://$(APP_HOST):$(APP_PORT)/quiz/"
	$(SERVER_ENV) $(BIN)/python -m stargate.app notebooks --no-browser --Voila.ip=$(APP_HOST) --port=$(APP_PORT) \
		$(APP_OPTS)

test: setup-dev
	$(BIN)/python -m stargate validate
	$(BIN)/python -m pytest --durations=15

# The fast tier: under 2 minutes on a 2-core machine, for every change before `make test`
check: lint
	$(BIN)/python -m stargate validate
	$(BIN)/python -m pytest -m "not slow" -q

# Static checks, zero warnings (ruff: pyproject.toml; Biome: biome.json, pinned in package.json)
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if [ -x node_modules/.bin/biome ]; then node_modules/.bin/biome ci --colors=off; \
	else echo "note: npm not found: the JavaScript is not checked (install Node.js)"; fi

validate: setup
	$(BIN)/python -m stargate validate

snapshots: setup-dev
	$(BIN)/python tests/snapshots.py

goldens: setup-dev
	$(BIN)/python tests/goldens.py

site: setup
	$(BIN)/python -m stargate.site --out $(SITE_DIR)

bench: setup-dev benchmarks/lighthouse/node_modules/.stamp
	$(BIN)/python benchmarks/bench_all.py $(BENCH_FLAGS)

benchmarks/lighthouse/node_modules/.stamp: benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd benchmarks/lighthouse && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/.stamp; \
	else echo "note: npm not found: the Lighthouse benchmark is skipped"; fi

clean:
	rm -rf $(VENV) node_modules benchmarks/lighthouse/node_modules site build dist *.egg-info artifacts test-artifacts
