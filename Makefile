# cxconsult: `make demo` reports on the sample engagement; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := data/engagements/aurora-telecom
REPORTS := reports
BENCHMARK := data/benchmarks/sample-practice.json

.PHONY: install install-test demo test app bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/cxconsult report $(SAMPLE) --out $(REPORTS) --benchmark $(BENCHMARK)

test: install-test
	$(BIN)/python -m pytest

app: install
	$(BIN)/cxconsult app $(SAMPLE)

bench: install-test
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(REPORTS) build dist .pytest_cache tests/artifacts
