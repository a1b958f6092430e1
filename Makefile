# `make serve` and `make test` set up everything on a fresh machine (see README.md).
# Each setup stage prints one line; its full log goes to .cache/setup/STAGE.log.
VENV   := .venv
PY     := $(VENV)/bin/python
SETUP  := scripts/devtools/setup_machine.py
export NO_MKDOCS_2_WARNING := 1
# Python keeps its compiled modules (__pycache__, ignored by git): a machine that turns this off
# makes every process of the suite compile the project's modules, and pytest rewrite the tests, anew.
unexport PYTHONDONTWRITEBYTECODE
# Reproducible builds: dates in the output come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: setup serve site test check screenshots lint lint-fix bench lighthouse audit system-packages clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt $(SETUP)
	@python3 $(SETUP) python
	@touch $@

node_modules/.installed: package-lock.json
	@python3 $(SETUP) npm
	@touch $@

# Chromium (browser tests) and GNU Octave (runs the MATLAB code the derivative page shows):
# only the tests need them, never `make serve` or `make site`.
system-packages: $(VENV)/.installed
	@$(PY) $(SETUP) system

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: setup
	@echo "==> build site/ (strict; the first build draws the figures, runs the notebooks and checks every formula: about 40 s)"
	@$(PY) -m sitebuild.build

# Three workers on the machine's two cores: a browser test waits for Chromium much of the time,
# and a third worker fills it (measured with scripts/bench/suite.py: 446 s against 578 s with two).
# A fourth gains nothing: 417 s against 416 s, the cores busy 100% of the run with three or four.
# Each page's browser tests run in one worker, which loads the page once per view for all of them
# (tests/conftest.py, tests/browser/visits.py).
PARALLEL := -n 3 --dist loadgroup

# The whole suite: the build, the numbers, the figures, the pages in a browser.
# `make bench` reports where its time goes (scripts/bench/suite.py).
test: setup system-packages site lint
	@echo "==> tests"
	@$(PY) -m pytest $(PARALLEL)

# The quick suite for the edit loop: no browser, no rebuilds of project copies, no long sampled float checks.
# Two workers: it waits for no browser, and a third only competes for the two cores (measured:
# 58 s and 62 s against 68 s and 66 s with three). Work stealing: a worker that runs out takes
# tests from the other, so no long test left to the end keeps one core idle (it has no browser
# groups to keep together; measured: 32.3 s and 32.4 s against 35.2 s and 36.4 s with loadgroup).
check: setup
	@$(PY) -m pytest -m "not browser and not slow" -q -n 2 --dist worksteal

# The browser tests again, writing screenshots/ (every page at 1280 and 375 px in both palettes, the
# explorer, the search) for people to look at: the suite asserts nothing on them, so it takes none.
screenshots: setup system-packages site
	@$(PY) -m pytest tests/browser -q $(PARALLEL) --screenshots
	@echo "screenshots in screenshots/"

RUFF := $(PY) -m ruff check --quiet --isolated --line-length 120 --select E,F,W,I,B --ignore B905,E731 \
	  --per-file-ignores "docs/code/*.py:E402" scripts tests docs/code

lint: setup
	@echo "==> lint (ruff)"
	@$(RUFF)

# What ruff can fix by itself (import order, unused imports).
lint-fix: setup
	@$(RUFF) --fix

# The project's own mutation test: plants small wrong edits in the pages' formulas and counts
# how many the checker catches (about a minute and a half). Writes scripts/sitebuild/audit-record.json, which
# the page "How this site checks itself" shows: commit it with the change it describes.
# It needs the published numbers (generate), not a site: a build fails while the record is out of date.
audit: setup
	@$(PY) -m sitebuild.generate
	@$(PY) -m sitebuild.audit

bench: setup system-packages site
	@$(PY) scripts/bench/all.py

lighthouse: setup system-packages site
	@$(PY) scripts/bench/lighthouse.py
	@$(PY) scripts/bench/lighthouse.py --http2

clean:
	rm -rf site site.new site.old generated .cache screenshots
