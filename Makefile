# The two commands of the README: `make run` (the embedded demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint format bench load topology clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

run: $(STAMP)
	.ci/system-deps.sh
	$(VENV)/bin/yijianshi run

test: $(STAMP)
	.ci/system-deps.sh required
	.ci/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

bench: $(STAMP)
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[dev,bench]'
	.ci/bench.sh

# The production topology on this machine: 2 serve (ports 8081, 8082) and 2 worker processes, from
# the Procfile; YJS_DATABASE_URL (PostgreSQL, migrated) and YJS_REDIS_URL must be set.
topology: $(STAMP)
	$(VENV)/bin/honcho start -f Procfile -c web=2,worker=2 -p 8081

# 10,000 residents over real HTTP against that topology (its own PostgreSQL, Redis and fake Bot API);
# not part of `make test` or `make bench`. RESIDENTS=200 for a short run.
load: $(STAMP)
	.ci/load.sh $(if $(RESIDENTS),--residents $(RESIDENTS))

clean:
	rm -rf $(VENV) data .services
