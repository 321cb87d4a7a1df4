#!/usr/bin/env bash
# `make load`: the load test against 2 serve + 2 worker on this checkout's PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/services.sh start
trap '.ci/services.sh stop' EXIT
eval "$(.ci/services.sh env)"
.venv/bin/python bench/load.py "$@"
