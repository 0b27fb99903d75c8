# Bliżej — one entry point for people and CI. `make help` lists the targets.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: help dev test test-clock lint unit admin demo-cases i18n-status bench simulate audit print package deploy clean

help:
	@echo "make dev    build the site and serve it with the API on http://127.0.0.1:$(PORT)/"
	@echo "make test   lint, the whole test suite (browser tests included) and a strict site build"
	@echo "make test-clock  the time-sensitive tests with the clock moved to four awkward instants"
	@echo "make bench  measure the API and the store; prints a table"
	@echo "make simulate  a release day with bots, first come against a ballot; prints a table"
	@echo "make audit  Lighthouse (mobile) on the home pages, a guide and the booking page; prints a table"
	@echo "make i18n-status  translations missing or out of date, per language"
	@echo "make print  leaflets, posters and checklists as PDF in print/<lang>/ (QR codes to BLIZEJ_SITE_URL)"
	@echo "make demo-cases  push fresh demo cases to a running make dev (prints their access codes)"
	@echo "make admin ARGS='bookings waw 2026-12-14'   staff commands (make admin ARGS=--help)"
	@echo "make package  the AWS stack: chalice package + infra/resources.yml, checked by cfn-lint"
	@echo "make deploy STAGE=prod VERSION=2026.12 ARTIFACTS_BUCKET=...  (infra/README.md)"
	@echo "make clean  remove .venv, .data, site and build"

$(VENV)/.installed: pyproject.toml
	@PYTHON=$$(scripts/find-python) && echo "Using $$PYTHON" && "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev
	@touch $@

dev: $(VENV)/.installed
	$(PY) -m devserver --port $(PORT)

test: $(VENV)/.installed
	scripts/ensure-debian-packages
	$(BIN)/ruff check .
	cd functions && PYTHONPATH=. ../$(BIN)/lint-imports --config ../pyproject.toml --no-cache --no-logo
	$(PY) -m pytest
	$(BIN)/mkdocs build --strict --site-dir site  # not --quiet: it hides the warnings --strict fails on

test-clock: $(VENV)/.installed
	scripts/ensure-debian-packages
	scripts/test-clock

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	cd functions && PYTHONPATH=. ../$(BIN)/lint-imports --config ../pyproject.toml --no-cache --no-logo

unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit tests/contract tests/api

i18n-status: $(VENV)/.installed
	$(PY) scripts/translations.py

demo-cases: $(VENV)/.installed
	$(PY) -m devserver.demo_cases http://127.0.0.1:$(PORT)/

admin: $(VENV)/.installed
	$(PY) -m admin $(ARGS)

bench: $(VENV)/.installed
	$(PY) -m bench

simulate: $(VENV)/.installed
	$(PY) -m simulate

audit/node_modules/.package-lock.json: audit/package-lock.json
	cd audit && npm ci --no-audit --no-fund

audit: $(VENV)/.installed audit/node_modules/.package-lock.json
	$(PY) scripts/audit.py

print: $(VENV)/.installed
	$(PY) -m print_materials --out print

STAGE ?= prod
REGION ?= eu-central-1

package: $(VENV)/.installed
	rm -rf build/stack
	cd functions && BLIZEJ_STAFF_AUTH=cognito AWS_DEFAULT_REGION=$(REGION) ../$(BIN)/chalice package \
	  --stage $(STAGE) --pkg-format cloudformation --template-format yaml \
	  --merge-template ../infra/resources.yml ../build/stack
	$(BIN)/cfn-lint build/stack/sam.yaml
	@echo "build/stack/sam.yaml and deployment.zip are ready"

deploy: $(VENV)/.installed
	STAGE=$(STAGE) infra/deploy

clean:
	rm -rf $(VENV) .data site build audit/node_modules
