"""A status push waits for the earlier pushes of its case, and waits long enough."""

from __future__ import annotations

import datetime as dt

from bot.settings import QueueSettings
from workers.cases import order_retry_ms


def test_a_push_behind_a_dead_workers_claim_outlasts_the_lease() -> None:
    # Given a push that finds an earlier one of its case held by a worker that died, whose claim
    # holds for the production lease, and is retried as often as the push actor allows
    lease = dt.timedelta(seconds=QueueSettings().claim_lease_seconds)
    waited = dt.timedelta(0)
    for _ in range(50):
        waited += dt.timedelta(milliseconds=order_retry_ms(waited))
    # Then its retries span the lease several times over, instead of running out in seconds
    assert waited > 4 * lease
    # And it still looks again soon at first, when the earlier push is merely in flight
    assert order_retry_ms(dt.timedelta(0)) <= 200
