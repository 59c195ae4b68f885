# gyokaku — developer and CI entry points. `make` alone lists the targets.
# Everything runs from .venv, which `make setup` creates; CI runs `bash .ci/run`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when pyproject.toml changes; the stamp lives in the venv so deleting .venv resets it.
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments for `make test`, e.g. make test ARGS='-k plan -x'
ARGS ?=

.PHONY: help setup run test test-sqlite test-pg lint format bench clean

help: ## list the targets
	@echo "usage: make TARGET [HOST=127.0.0.1] [PORT=8000] [ARGS='pytest args']"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install gyokaku with its test and dev extras

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test,dev]'
	touch $(STAMP)

run: setup ## migrate, load the Aomori plan and serve at http://HOST:PORT
	$(BIN)/gyokaku run --host $(HOST) --port $(PORT)

test: setup ## run the whole suite on SQLite, then on a throwaway PostgreSQL
	bash scripts/test-all -- $(ARGS)

test-sqlite: setup ## run the suite on SQLite only
	bash scripts/test-all --sqlite-only -- $(ARGS)

test-pg: setup ## run the suite (without browser tests) on a throwaway PostgreSQL only
	bash scripts/test-all --pg-only -- $(ARGS)

lint: setup ## ruff check, ruff format --check, mypy, the layer contract (lint-imports)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: setup ## ruff format, then ruff check --fix
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: setup ## run every bench/bench_*.py
	@set -e; found=0; \
	for f in bench/bench_*.py; do \
		[ -e "$$f" ] || continue; found=1; \
		echo "==> $$f"; $(BIN)/python "$$f"; \
	done; \
	[ $$found = 1 ] || echo "no bench/bench_*.py yet"

clean: ## remove var/ and caches (keeps .venv)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
