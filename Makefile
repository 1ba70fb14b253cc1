# Two commands: `make run` (serve on SQLite with demo data) and `make test` (everything).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST    ?= 127.0.0.1
PORT    ?= 8080
export PJD_DATABASE_URL ?= sqlite:///var/pjd.db

.PHONY: run test lint typecheck unit bench check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	mkdir -p var
	$(BIN)/pjd policies check
	$(BIN)/pjd registry import api/demo_registry.json
	$(BIN)/pjd serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m bench.bench

check: $(STAMP)
	$(BIN)/pjd policies check

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
