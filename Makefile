# ClusterHub — two commands: `make run` (site with demo data) and `make test` (everything CI runs).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel pytest workers (pytest-xdist); each has its own test database and Redis database.
TEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= cluster_hub.settings.dev

.PHONY: run serve serve-only cluster proxy test install install-dev browser lint format check messages compile-messages serve clean

run: install compile-messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py search_index --rebuild --no-progress
	@echo "ClusterHub is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@$(MAKE) --no-print-directory serve-only

serve: install compile-messages
	@$(MAKE) --no-print-directory serve-only

# daphne and, beside it, the worker that delivers the email queue; Ctrl+C stops both. A crowd
# scanning the QR code opens hundreds of sockets at once: their handshakes may wait 30 s, not 5,
# and they queue in a listen backlog of 4096, not Twisted's 50 (see scripts/cluster.py).
serve-only:
	$(PY) manage.py db_worker --backend email --queue-name email --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) -m daphne -e tcp:port=$(PORT):interface=$(HOST):backlog=4096 --websocket_connect_timeout 30 \
		cluster_hub.asgi:application

# nginx (Debian's package) in front of two daphne processes and the email worker, with the
# production settings, on PostgreSQL and Redis (scripts/cluster.py; CLUSTER_DATABASE_URL,
# CLUSTER_REDIS_URL, CLUSTER_HTTPS_PORT and CLUSTER_HTTP_PORT change where).
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/clusterhub
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/0
cluster: install compile-messages proxy
	DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL) $(PY) scripts/cluster.py --prepare

# Debian's nginx, installed the way the browser tests' Chromium is; its package would start a
# server on port 80, which a policy-rc.d refuses while it installs (unless one is already there).
proxy:
	@if [ ! -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = "0" ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "warning: nginx missing and no root; proxy tests will be skipped"; exit 0; fi; \
		made=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null; \
			$$SUDO chmod +x /usr/sbin/policy-rc.d; made=1; fi; \
		($$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
			|| echo "warning: could not install nginx; proxy tests will be skipped"; \
		if [ -n "$$made" ]; then $$SUDO rm -f /usr/sbin/policy-rc.d; fi; \
	fi

test: install-dev compile-messages browser proxy lint
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
