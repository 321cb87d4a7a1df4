#!/usr/bin/env bash
# Every benchmark except the 10,000-resident load test (make load), each printing its figure beside
# a baseline measured in the same run. Figures and how to read them: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/services.sh start
trap '.ci/services.sh stop' EXIT
eval "$(.ci/services.sh env)"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "== bench/dialog_steps.py (1,000 and 100,000 residents; memory of 10,000 open conversations)"
.venv/bin/python bench/dialog_steps.py --residents 1000 100000 --memory 10000
echo "== bench/webchat_http.py (100 residents over HTTP beside a bare aiohttp handler)"
.venv/bin/python bench/webchat_http.py
echo "== bench/fanout.py (case fan-out beside a trivial actor; idle latency to the first card)"
.venv/bin/python bench/fanout.py
echo "== bench/peers.py (python-telegram-bot, aiogram, our runtime)"
.venv/bin/python bench/peers.py
echo "== bench/tts.py"; .venv/bin/python bench/tts.py
echo "== bench/search.py"; .venv/bin/python bench/search.py
