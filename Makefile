# The two commands a newcomer runs: `make demo` and `make test`.
# Test tiers (README "Tests"): `make test` runs the default tier, every feature at a small size
# (tests marked `stress` are left out by pyproject's addopts -m 'not stress'); `make test-all` adds
# the stress tier (repeated kills and interrupts, 1 MB and 5 MB inputs, a Dask cluster of
# processes) and is what CI runs (.ci/run); `make fuzz` runs the property tests longer.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
BENCH_VENV := benchmarks/.venv-bench

.PHONY: demo test test-all browser fuzz bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml requirements/parser-model.txt | $(BIN)/python
	@# The link stage's spaCy pipeline first, pinned by hash (docs/parser.md); the project's own
	@# dependency on it (pinned by version) is then already met.
	$(PIP) install --no-deps --require-hashes -r requirements/parser-model.txt
	$(PIP) install -e .
	@# Byte-compile now: a machine with PYTHONDONTWRITEBYTECODE would compile the sources on every run.
	$(BIN)/python -m compileall -q consistency
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	@touch $@

demo: $(VENV)/.installed
	@mkdir -p reports
	$(BIN)/consistency claims fixtures/content
	$(BIN)/consistency claims fixtures --format json --output reports/claims.json
	$(BIN)/consistency claims fixtures --format csv --output reports/claims.csv
	$(BIN)/consistency check fixtures --format json -o reports/findings.json --exit-zero
	$(BIN)/consistency check fixtures --exit-zero --report html:reports/report.html
	@echo
	@echo "Reports written:"
	@echo "  $(CURDIR)/reports/claims.json"
	@echo "  $(CURDIR)/reports/claims.csv"
	@echo "  $(CURDIR)/reports/findings.json"
	@echo "  $(CURDIR)/reports/report.html   (open in a browser)"

# Tests run in up to 4 processes (pytest-xdist), each taking the next test as it frees.
PYTEST_PARALLEL := -n auto --maxprocesses=4 --dist worksteal

# The default tier: under 2 minutes of pytest on 2 cores, no assertion on wall-clock time.
test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# Both tiers: -m "" lifts the default -m 'not stress'. About 3 minutes more on 2 cores.
test-all: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -m "" $(PYTEST_PARALLEL)

# The browser test drives the Debian package `chromium`; never a browser downloaded by playwright.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  SUDO=; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi; \
	  echo "Installing chromium for the browser test (apt-get)..."; \
	  ( $$SUDO apt-get install -y -q chromium || ( $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium ) ) >/dev/null 2>&1 \
	    || echo "Could not install chromium: the browser test will be skipped (apt-get install chromium)."; \
	else echo "No /usr/bin/chromium and no apt-get: the browser test will be skipped."; fi

# Longer property-based fuzzing than `make test` runs (2,000 examples per property).
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py

bench: $(VENV)/.installed-test
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip --disable-pip-version-check -q install --no-deps --require-hashes -r requirements/parser-model.txt
	$(BENCH_VENV)/bin/python -m pip --disable-pip-version-check -q install -e . -r benchmarks/requirements-bench.txt
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/link_cases.py
	$(BENCH_VENV)/bin/python benchmarks/speed.py
	$(BENCH_VENV)/bin/python benchmarks/scale.py
	$(BIN)/python benchmarks/many_files.py
	$(BIN)/python benchmarks/zipf.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) reports/*.json reports/*.csv reports/*.html .pytest_cache
