"""A serving process, once started: what it made at start out of the collector's sight, and the collector
run less often (bot.embedded.settled)."""

from __future__ import annotations

import gc

from bot.embedded import GC_THRESHOLDS, settled


def test_settled_freezes_what_start_made_and_raises_the_young_threshold() -> None:
    before = gc.get_threshold()
    made_at_start = {"catalog": [list(range(3)) for _ in range(100)]}
    try:
        settled()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS
        assert GC_THRESHOLDS[0] > before[0]
        assert not any(o is made_at_start for o in gc.get_objects())  # frozen: no collection walks it
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
