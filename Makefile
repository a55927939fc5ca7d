# The two commands of the README:
#   make run    install, migrate, load the seed data and serve on http://127.0.0.1:8000
#   make test   install, then lint, check and run the whole test suite (PostgreSQL, then SQLite)
# Everything installs into .venv; nothing is needed but python3.11 (and, for `make test`,
# apt for Debian's Chromium and the PostgreSQL server that runs on these machines).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/roleprofiles

.PHONY: run test install install-test services browser lint check pytest-postgres pytest-sqlite fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_groups
	$(BIN)/python manage.py load_seed_data
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# PostgreSQL and Redis run on these machines; start them if they are down (the cache tests
# share one Redis between two app processes). Chromium comes from Debian.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@# The named database itself, not only the test database pytest makes beside it: a test run that starts with the browser tests reads it before the test database is set up.
	@psql -q -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$(notdir $(DATABASE_URL))'" postgres | grep -q 1 || createdb -h 127.0.0.1 -U postgres $(notdir $(DATABASE_URL))
	@command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null)
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp --logfile /tmp/redis-roleprofiles.log

browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: install-test
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The whole suite on PostgreSQL, the production database.
pytest-postgres: install-test services browser
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python -m pytest -p no:cacheprovider

# Every test again on SQLite, the embedded default, except the browser tests and those marked
# postgres_only: process-level tests of the production stack (gunicorn, Redis, backups). A new
# test file runs on both databases unless it says otherwise.
pytest-sqlite: install-test
	DATABASE_URL=sqlite:///$(CURDIR)/.test-sqlite.db $(BIN)/python -m pytest -p no:cacheprovider -m "not browser and not postgres_only"

test: lint check pytest-postgres pytest-sqlite

# Rebuild fixtures/seed.json from fixtures/sources (after changing an importer or a source).
fixtures: install
	rm -f .fixtures-build.db
	DATABASE_URL=sqlite:///$(CURDIR)/.fixtures-build.db $(BIN)/python manage.py migrate -v0
	DATABASE_URL=sqlite:///$(CURDIR)/.fixtures-build.db $(BIN)/python manage.py build_fixtures
	rm -f .fixtures-build.db

clean:
	rm -rf $(VENV) db.sqlite3 .test-sqlite.db staticfiles
