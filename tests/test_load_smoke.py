"""`make load` in small: the topology (2 serve, 2 worker) on PostgreSQL and Redis, a few residents over HTTP.

Runs on the PostgreSQL pass only (the load test's topology is PostgreSQL's); it uses a database and a
Redis db of its own, so the suite's are left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BACKEND, POSTGRES_URL
from worker_harness import REDIS_URL

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres" or not (POSTGRES_URL and REDIS_URL), reason="the load test runs on PostgreSQL and Redis"
)


def test_a_small_load_run_counts_every_message_and_loses_none() -> None:
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--residents", "16", "--concurrency", "8", "--settle", "90"],
        cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "OK: every message answered once" in done.stdout
    assert "residents 16 " in done.stdout and "cards posted" in done.stdout
    # The desks signed in with a password and decided: a desk that cannot sign in fails the run.
    assert "staff decisions 0," not in done.stdout, done.stdout[-3000:]
