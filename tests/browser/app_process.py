"""The embedded demo (`yijianshi run`) in a process of its own, over loopback, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_env(data_dir: Path, port: int, settings: dict[str, str] | None = None) -> dict[str, str]:
    """The demo's settings only: the test services' YJS_* variables (Redis, PostgreSQL) stay out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("YJS_")}
    env.update(YJS_DATA_DIR=str(data_dir), YJS_HOST="127.0.0.1", YJS_PORT=str(port), YJS_STAFF_DEMO="1")
    return {**env, **(settings or {})}


@contextmanager
def running_demo(data_dir: Path, settings: dict[str, str] | None = None, log_dir: Path | None = None) -> Iterator[str]:
    """Starts the demo on a free port with its own SQLite file (and these YJS_* settings); yields its base URL.

    Its output goes to demo.log in `log_dir` (the data directory unless given)."""
    port = free_port()
    log_path = (log_dir or data_dir) / "demo.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    command = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run"]
    process = subprocess.Popen(command, env=demo_env(data_dir, port, settings), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(process, url + "healthz", log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(process: subprocess.Popen[bytes], health: str, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo stopped ({process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(health, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the demo did not answer in {seconds} s:\n{log.read_text(errors='replace')}")
