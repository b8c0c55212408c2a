VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench screenshots clean translations

# The languages of the pages (tracker/languages.py); English is also the source language.
LANGUAGES := en fr es ar bn hi ne sw vi
CATALOGS := web/translations
COMPILED := $(foreach l,$(LANGUAGES),$(CATALOGS)/$(l)/LC_MESSAGES/messages.mo)

# One environment, dev tools included, so `make run` then `make test` installs only once.
# An editable install maps the packages it found, so a new package reinstalls too.
$(VENV)/.installed: pyproject.toml $(wildcard */__init__.py)
	python3 -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[dev]'
	touch $@

run: $(VENV)/.installed $(COMPILED)
	$(BIN)/tracker demo && $(BIN)/tracker serve

test: $(VENV)/.installed $(COMPILED)
	$(BIN)/pytest

# A compiled catalog is built from its messages whenever they are newer (never committed).
$(CATALOGS)/%/LC_MESSAGES/messages.mo: $(CATALOGS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

# Extracts every message of the pages and e-mails, merges it into each language's catalog
# (new messages arrive untranslated: tests/unit/test_catalogs.py then fails until they are
# translated) and compiles them.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg --project="Advocacy tracker" --copyright-holder="The partnership" -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --sort-output -o $(CATALOGS)/messages.pot .
	for l in $(LANGUAGES); do \
		if [ -f $(CATALOGS)/$$l/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete \
				-i $(CATALOGS)/messages.pot -d $(CATALOGS) -l $$l; \
		else $(BIN)/pybabel init -i $(CATALOGS)/messages.pot -d $(CATALOGS) -l $$l; fi; \
	done
	$(BIN)/pybabel compile -d $(CATALOGS) --statistics

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed
	@if [ -f bench/projections.py ]; then $(BIN)/python bench/projections.py; \
	else echo "bench: no bench/projections.py yet"; fi

# Refreshes the README's images in docs/ (the browser tests write theirs under var/).
screenshots: $(VENV)/.installed
	DOCS_SCREENSHOTS=docs $(BIN)/pytest -q -m browser tests/pages/test_browser_pages.py tests/pages/test_browser_languages.py \
		-k "readme or arabic_and_vietnamese" -p no:cacheprovider

# Leaves var/ alone: it holds the database.
clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
