"""An idle worker looks at its queues often enough that the first card after a quiet spell is not a second late."""

from __future__ import annotations

import pytest
from worker_harness import needs_redis

from bot.settings import QueueSettings, Settings, SettingsError


def test_the_idle_poll_and_the_relay_poll_are_settings() -> None:
    queue = Settings.from_env({"YJS_WORKER_TIMEOUT_MS": "40", "YJS_RELAY_POLL_MS": "250"}).queue
    assert (queue.worker_timeout_ms, queue.relay_poll_ms) == (40, 250)
    # Dramatiq's own default (1,000 ms) adds up to a second to each hop after idle.
    assert QueueSettings().worker_timeout_ms <= 50
    with pytest.raises(SettingsError, match="YJS_WORKER_TIMEOUT_MS"):
        Settings.from_env({"YJS_WORKER_TIMEOUT_MS": "0"})


def test_the_relay_polls_as_set() -> None:
    from workers.broker import installed
    from workers.relay import Relay

    assert Relay(installed(), 0.25).poll_seconds == 0.25


@needs_redis
def test_a_worker_process_polls_as_set(start_worker, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YJS_WORKER_TIMEOUT_MS", "37")
    worker = start_worker()
    assert "wait at most 37 ms between looks" in worker.log.read_text(errors="replace")
