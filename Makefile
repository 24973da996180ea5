# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SIZE ?=

.PHONY: install run test test-fast lint bench fit clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes, so `make test` always refreshes the venv.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/qabot run

# The whole suite: lint, type check, then every test (CI runs exactly this).
test: lint
	$(PY) -m pytest -q

# The in-process tier only (no subprocesses, terminals or fake Bot API): a quick loop while editing.
test-fast: lint
	$(PY) -m pytest -q -m "not e2e"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench $(if $(SIZE),--size $(SIZE),)

# Fit the answerer's weights with article-level cross-validation (needs ../shared/eval; minutes).
fit: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	nice -n 10 $(PY) -m bench.fit $(if $(FRESH),--fresh,)

clean:
	rm -rf $(VENV) data
