# Sciatica PT. `make run` and `make test` are the two commands a new user needs.
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24,<27"
	$(BIN)/pip install --quiet --only-binary=:all: -c constraints.txt -e ".[web,reports,interop,dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/sciatica-pt kb check
	$(BIN)/sciatica-pt serve --demo --host 127.0.0.1 --port 8000

# Everything on SQLite (the default), one pytest worker per core (pytest-xdist); then, when
# TEST_DATABASE_URL names a PostgreSQL database (.ci/run sets it), the web apps' suites again
# on PostgreSQL.
test: $(STAMP)
	env -u TEST_DATABASE_URL $(BIN)/pytest -n auto
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== tests/clinic, tests/visits and tests/messaging again on PostgreSQL: $$TEST_DATABASE_URL"; \
	  $(BIN)/pytest -n auto tests/clinic tests/visits tests/messaging; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy src/sciatica_pt/core

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
