# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := src/seedbed/data/demo/Basic_LinkedInDataExport_11-20-2026.zip
DEMO_PREFS := src/seedbed/data/demo/demo.prefs.toml
DEMO_DB := .demo/seedbed.sqlite3

.PHONY: demo test system lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).campaigns $(DEMO_DB).campaigns.lock
	$(BIN)/seedbed import $(DEMO) --db $(DEMO_DB)
	COLUMNS=$${COLUMNS:-120} $(BIN)/seedbed triage $(DEMO) --prefs $(DEMO_PREFS) --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

# Programs the tests need that pip cannot install (Debian's chromium, strace): a no-op when present.
system:
	bash scripts/setup_system.sh

test: system lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
