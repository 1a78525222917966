# The two commands of the README: `make report` (set up, then write reports/ for the sample
# articles) and `make test` (set up, then ruff, mypy and pytest, notebooks included).
# Setup is a plain venv in .venv with the project installed editable; environment.yml describes
# the same environment for conda users.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newslib-installed

.PHONY: setup report test lint lab clean bench screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

report: setup
	$(BIN)/newslib report --out reports --jobs 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf reports .pytest_cache .mypy_cache .ruff_cache

# Reports (newslib/reports.py): the README's two screenshots, taken by the browser test of the
# sample articles' report site (needs Debian's chromium: apt-get install -y chromium).
screenshots: report
	NEWSLIB_UPDATE_SCREENSHOTS=1 NEWSLIB_SCREENSHOT_SITE=reports \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_browser.py -k screenshots

# Benchmarks (issue 7): throughput per core, the alternative pipeline, scaling, memory, speed-up.
# Prints a table and writes benchmarks/results.json. BENCH_ARGS e.g. "--scale-limit 250".
BENCH_ARGS ?=
bench: setup
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
