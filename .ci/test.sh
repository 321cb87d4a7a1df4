#!/usr/bin/env bash
# The whole check: lint, format, types, and the test suite against real services.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv/bin

# RabbitMQ too, for one extra pass of the backend tests on the other broker (about a minute).
export YJS_TEST_RABBITMQ=1
.ci/services.sh start
trap '.ci/services.sh stop' EXIT
eval "$(.ci/services.sh env)"
# The browser tests fail rather than skip when Chromium is missing (system-deps.sh installed it).
export YJS_BROWSER_TESTS=required

echo "== ruff"
$VENV/ruff check .
$VENV/ruff format --check .
echo "== mypy"
$VENV/mypy
echo "== pytest on SQLite"
YJS_TEST_BACKEND=sqlite $VENV/pytest -q -p no:cacheprovider "$@"
echo "== pytest on PostgreSQL"
YJS_TEST_BACKEND=postgres $VENV/pytest -q -p no:cacheprovider "$@"
echo "== pytest tests/workers on RabbitMQ (SQLite)"
YJS_TEST_BACKEND=sqlite YJS_TEST_BROKER_URL="$YJS_TEST_RABBITMQ_URL" $VENV/pytest -q -p no:cacheprovider tests/workers
