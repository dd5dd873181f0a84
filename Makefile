# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test lint bench clean bytecode

# The virtual environment is (re)built when missing or when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The app's modules compiled to bytecode once, as an installed package's are: where Python is
# told not to write bytecode (PYTHONDONTWRITEBYTECODE), every start compiled them again (80 ms).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q usce_tui > /dev/null

run: bytecode
	$(BIN)/usce $(ARGS)

demo: bytecode
	$(BIN)/usce --demo

# Style (ruff), types (mypy) and the layers of the design contract (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check usce_tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every test, on as many workers as the machine has cores.
test: lint
	$(BIN)/python -m pytest -n auto

bench: bytecode
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
