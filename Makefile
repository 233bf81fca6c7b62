# Two commands: `make run` serves the portal with the demo county, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e guide install bench backup restore lint collectstatic clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo "门户地址：http://$(HOST):$(PORT)/  （数据管理：http://$(HOST):$(PORT)/admin/）"
	$(PY) manage.py runserver $(HOST):$(PORT)

# One worker per core (pytest-xdist), each test module kept on one worker (its demo county is loaded once);
# pytest prints the suite's time and its slowest 15 tests.
test: install
	$(PY) -m pytest -n auto --dist loadfile --durations=15 $(PYTEST_ARGS)

# Browser journeys only (Debian's Chromium at /usr/bin/chromium; skipped with a message without it).
e2e: install
	$(PY) -m pytest tests/e2e -rs $(PYTEST_ARGS)

# Walk the 使用说明 in the browser and refresh their screenshots in docs/guide/img/ (commit them).
guide: install
	GUIDE_SCREENSHOTS=write $(PY) -m pytest tests/e2e/test_user_guide.py -p no:cacheprovider

# Speed at fifty times the county on PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432):
# builds or reuses fulian_bench1/fulian_bench50, prints the table, writes bench/results.json. See BENCHMARKS.md.
bench: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) -m bench.run $(BENCH_ARGS)

# Backups go to var/backups (or BACKUP_DIR); restore one with `make restore BACKUP=var/backups/fulian-...`.
backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=var/backups/fulian-日期-时间"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"

# Format, lint, then the type checker over the files listed in pyproject.toml ([tool.mypy] files).
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules var
