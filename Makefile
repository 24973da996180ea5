# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SIZE ?=

.PHONY: install run test test-fast lint bench blind fit clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes, so `make test` always refreshes the venv.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compile the first stage's query kernel into numba's on-disk cache now, so no user's first
# question waits for the compiler (again whenever the kernel's source changes).
WARM := $(VENV)/.kernel-warm
$(WARM): retrieval/index/kernel.py $(STAMP)
	$(PY) -m retrieval.index.kernel --warm
	touch $(WARM)

install: $(STAMP) $(WARM)

run: install
	$(VENV)/bin/qabot run

# The whole suite: lint, type check, then every test (CI runs exactly this). One worker per core, a
# test file per worker (`loadfile`): most of the wall time is subprocesses and servers starting up,
# and a file's fixtures (stores, fake Bot API) are built once, in one worker.
PYTEST_WORKERS := -n auto --dist loadfile
test: lint $(WARM)
	$(PY) -m pytest -q $(PYTEST_WORKERS)

# The in-process tier only (no subprocesses, terminals or fake Bot API): a quick loop while editing.
test-fast: lint $(WARM)
	$(PY) -m pytest -q $(PYTEST_WORKERS) -m "not e2e"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The benchmark runs in its own environment: the peers (tantivy, bm25s + numba) are never product dependencies.
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	$(BENCH_PY) -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	nice -n 10 $(BENCH_PY) -m bench $(if $(SIZE),--size $(SIZE),)

# The blind sets of eval/ against whole-corpus stores (cached in data/bench/blind/); SETS=bbc,scraped,newsqa,seed,chat.
blind: $(STAMP)
	nice -n 10 $(PY) -m bench.blind $(if $(SETS),--sets $(SETS),)

# Fit the answerer's weights with article-level cross-validation (needs ../shared/eval; minutes).
fit: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,fit]'
	nice -n 10 $(PY) -m bench.fit $(if $(FRESH),--fresh,)

clean:
	rm -rf $(VENV) $(BENCH_VENV) data
