#!/usr/bin/env bash
# Every benchmark, each printing its figure beside a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/services.sh start
trap '.ci/services.sh stop' EXIT
eval "$(.ci/services.sh env)"
echo "== bench/dialog_steps.py"; .venv/bin/python bench/dialog_steps.py
echo "== bench/fanout.py"; .venv/bin/python bench/fanout.py
echo "== bench/tts.py"; .venv/bin/python bench/tts.py
echo "== bench/search.py"; .venv/bin/python bench/search.py
