# Developer and CI entry points: `make demo` runs the main job on the bundled sample,
# `make test` runs the test suite. Both create .venv and install what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
EXTRAS ?= model,dev,server,pg,parquet,ray,watch,ru
SHARED ?= ../shared

.PHONY: install demo test lint format eval clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/claimwatch extract src/claimwatch/sample --format table

test: install
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

format: install
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

eval: install
	$(VENV)/bin/claimwatch extract $(SHARED)/seeds/*.txt $(SHARED)/eval/texts/*.txt --format jsonl > /tmp/claimwatch-pred.jsonl
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/eval/gold --pred /tmp/claimwatch-pred.jsonl

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
