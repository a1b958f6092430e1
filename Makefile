# `make serve` and `make test` set up everything on a fresh machine (see README.md).
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the output come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: setup serve site test bench lighthouse system-packages clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests use: Chromium for the browser tests (Playwright cannot download
# its own here) and GNU Octave to run the MATLAB code shown on the derivative page.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v octave-cli >/dev/null || missing="$$missing octave-cli"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: setup
	$(PY) scripts/build_site.py

test: setup system-packages site
	$(PY) -m pytest

bench: setup system-packages site
	$(PY) scripts/bench.py

lighthouse: setup system-packages site
	$(PY) scripts/bench_lighthouse.py

clean:
	rm -rf site site.new site.old generated .cache screenshots
