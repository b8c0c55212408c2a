VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench screenshots clean

# One environment, dev tools included, so `make run` then `make test` installs only once.
# An editable install maps the packages it found, so a new package reinstalls too.
$(VENV)/.installed: pyproject.toml $(wildcard */__init__.py)
	python3 -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/tracker demo && $(BIN)/tracker serve

test: $(VENV)/.installed
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed
	@if [ -f bench/projections.py ]; then $(BIN)/python bench/projections.py; \
	else echo "bench: no bench/projections.py yet"; fi

# Refreshes the README's images in docs/ (the browser tests write theirs under var/).
screenshots: $(VENV)/.installed
	DOCS_SCREENSHOTS=docs $(BIN)/pytest -q -m browser tests/pages/test_browser_pages.py -k readme -p no:cacheprovider

# Leaves var/ alone: it holds the database.
clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
