# The course's commands. `make book` builds the website; `make test` runs every test.
# Both start from a fresh clone: they create the virtual environment and install what
# they need (Python packages from PyPI, browser libraries from the npm registry and, for
# the tests, Debian's chromium).

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HTML   := _build/html
PORT   ?= 8000

.PHONY: book test lint serve lab data bench reproducible clean help

# Arguments passed on to pytest by `make test`, e.g. make test PYTEST_ARGS="-x -k site".
PYTEST_ARGS ?=
# What the chapters' outputs depend on besides their own source: the package, the data and
# the pinned libraries (vl-convert draws the website's charts inside the chapters' kernels).
# The execution cache is keyed on a chapter's code cells only, so when these change the
# cache (and the doctrees built from it) must go, or the site would show stale numbers.
PACKAGE_HASH := $(shell cat $$(git ls-files -co --exclude-standard policing_lab data requirements.txt constraints.txt | sort) 2>/dev/null | sha256sum | cut -c1-16)

help:
	@echo "make book   build the website into $(HTML)"
	@echo "make test   run the whole test suite: lint, build the book, unit and browser tests"
	@echo "make lint   ruff check, ruff format --check, mypy policing_lab"
	@echo "make serve  serve $(HTML) on http://127.0.0.1:$(PORT)"
	@echo "make lab    open the chapters in JupyterLab"
	@echo "make data   regenerate the synthetic datasets in data/"
	@echo "make bench  run the benchmarks"
	@echo "make reproducible  build the last commit twice from clean clones and compare"

# --- environments -----------------------------------------------------------------
$(VENV)/.book-installed: requirements.txt constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.book-installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# --- the two set-up commands of the README ---------------------------------------
# Each build writes the site afresh (Sphinx's incremental HTML build can keep stale
# static files); notebook execution is cached in _build/.jupyter_cache, so only changed
# chapters run again, unless the package or the data changed: then every chapter runs.
book: $(VENV)/.book-installed node_modules/.installed
	rm -rf $(HTML)
	@if [ "$$(cat _build/.package-hash 2>/dev/null)" != "$(PACKAGE_HASH)" ]; then \
	  echo "policing_lab/ or data/ changed: every chapter runs again"; \
	  rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute; fi
	$(BIN)/jupyter-book build . --warningiserror --keep-going
	@echo "$(PACKAGE_HASH)" > _build/.package-hash
	@echo "Built: $(HTML)/index.html  (serve it with: make serve)"

test: $(VENV)/.test-installed node_modules/.installed /usr/bin/chromium
	$(MAKE) lint
	$(MAKE) book
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint first and fast: a ruff finding fails `make test` before the book is built.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy policing_lab

# --- everyday commands ---------------------------------------------------------------
serve:
	@test -f $(HTML)/index.html || { echo "Build the site first: make book"; exit 1; }
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(HTML)

lab: $(VENV)/.book-installed node_modules/.installed
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp lab-settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ip=127.0.0.1 --notebook-dir=chapters

data: $(VENV)/.book-installed
	$(PY) -m policing_lab.datasets data

bench: $(VENV)/.test-installed node_modules/.installed /usr/bin/chromium
	$(PY) benchmarks/run.py

# Two clean builds of the last commit (not of uncommitted changes) must give the same site,
# except Sphinx's .buildinfo. Each clone makes its own environment, as a fresh machine
# would: this takes about twice as long as a first `make book`.
TWICE := _build/twice
reproducible:
	rm -rf $(TWICE)
	git clone --quiet . $(TWICE)/first
	git clone --quiet . $(TWICE)/second
	$(MAKE) -C $(TWICE)/first book
	$(MAKE) -C $(TWICE)/second book
	diff -r --exclude=.buildinfo $(TWICE)/first/_build/html $(TWICE)/second/_build/html
	@echo "The two builds of $$(git -C $(TWICE)/first rev-parse --short HEAD) are identical (except .buildinfo)."

clean:
	rm -rf _build
