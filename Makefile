# ClusterHub — two commands: `make run` (site with demo data) and `make test` (everything CI runs).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel pytest workers (pytest-xdist); each has its own test database and Redis database.
TEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= cluster_hub.settings.dev

.PHONY: run serve serve-only test install install-dev browser lint format check messages compile-messages serve clean

run: install compile-messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py search_index --rebuild --no-progress
	@echo "ClusterHub is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@$(MAKE) --no-print-directory serve-only

serve: install compile-messages
	@$(MAKE) --no-print-directory serve-only

# daphne and, beside it, the worker that delivers the email queue; Ctrl+C stops both.
serve-only:
	$(PY) manage.py db_worker --backend email --queue-name email --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) -m daphne -b $(HOST) -p $(PORT) cluster_hub.asgi:application

test: install-dev compile-messages browser lint
	DJANGO_SETTINGS_MODULE=cluster_hub.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cluster_hub.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cluster_hub.settings.test $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's Chromium; never a downloaded browser build.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
				|| echo "warning: could not install chromium; browser tests will be skipped"; \
		elif command -v sudo >/dev/null; then \
			(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
				|| echo "warning: could not install chromium; browser tests will be skipped"; \
		else echo "warning: /usr/bin/chromium missing; browser tests will be skipped"; fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html' 2>/dev/null || find . -name '*.html' -not -path './.venv/*')

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

compile-messages: install
	$(PY) scripts/compile_messages.py

# Needs GNU gettext (apt-get install gettext); refreshes the .po files from the source.
messages: install
	$(PY) manage.py makemessages --no-obsolete -l ko -l en -l zh_Hans -l vi --ignore=.venv --ignore=node_modules
	$(PY) manage.py makemessages --no-obsolete -d djangojs -l ko -l en -l zh_Hans -l vi --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
