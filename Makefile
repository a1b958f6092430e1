# `make serve` and `make test` set up everything on a fresh machine (see README.md).
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the output come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: setup serve site test bench browser clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian chromium"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: setup
	$(PY) scripts/build_site.py

test: setup browser site
	$(PY) -m pytest

bench: setup browser site
	$(PY) scripts/bench.py

clean:
	rm -rf site site.new site.old generated .cache screenshots
