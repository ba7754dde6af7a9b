# GHNT-portaal. Two commands for a newcomer: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run test coverage install lint format migrate reference demo bench vendor messages clean

$(STAMP): pyproject.toml
	@bash scripts/check_system_packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

reference: migrate
	$(MANAGE) load_reference_content

demo: reference
	$(MANAGE) load_demo_data

run: demo
	@echo ""
	@echo "Het GHNT-portaal draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install
	$(BIN)/pytest

coverage: install
	$(BIN)/pytest -n 2 --cov --cov-report=term:skip-covered

bench: install
	$(BIN)/python bench/run.py

# Compiles the Dutch corrections to third-party texts (needs GNU gettext); the .mo is committed.
messages:
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 node_modules
