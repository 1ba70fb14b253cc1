# Two commands: `make run` (serve on SQLite with demo data) and `make test` (everything).
# `make bench` measures (QUICK=1: briefly); it installs wrk (apt) and Cerbos (npm) if missing.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST    ?= 127.0.0.1
PORT    ?= 8080
export PJD_DATABASE_URL ?= sqlite:///var/pjd.db
CERBOS_VERSION := 0.55.0
CERBOS  := var/cerbos/node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64

.PHONY: run test lint typecheck unit bench check clean migration migration-release

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# `make run` trusts a development key it creates under var/; `pjd token --scope S` signs with it
run: export PJD_JWKS_FILE ?= var/dev_jwks.json
run: export PJD_TOKEN_ISSUER ?= urn:pjd:dev
run: export PJD_ACCEPT_UNVERIFIED_CLAIMS ?= true
run: export PJD_API_DOCS_PUBLIC ?= true
run: $(STAMP)
	mkdir -p var
	$(BIN)/pjd dev-key
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
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(CERBOS) --version 2>/dev/null | grep -qx '$(CERBOS_VERSION)' || npm install --prefix var/cerbos --no-audit --no-fund @cerbos/cerbos-linux-x64@$(CERBOS_VERSION)
	$(BIN)/python -m bench.bench $(if $(QUICK),--quick)

check: $(STAMP)
	$(BIN)/pjd policies check

migration: $(STAMP)  # make migration MESSAGE="what changes": a new revision from the models
	test -n "$(MESSAGE)" || (echo 'usage: make migration MESSAGE="what changes"' >&2; exit 2)
	$(BIN)/python -m api.migrations revision "$(MESSAGE)"

migration-release: $(STAMP)  # record the new revisions' hashes: from now on never edited
	$(BIN)/python -m api.migrations release

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
