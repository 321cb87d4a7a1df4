"""KeyedLocks: one holder per key at a time, waiters in the order they came, nothing kept afterwards."""

from __future__ import annotations

import asyncio

import pytest

from bot.locks import KeyedLocks


async def test_one_holder_per_key_in_arrival_order_and_other_keys_free() -> None:
    locks, order = KeyedLocks(), []

    async def work(key: str, name: str, hold: float) -> None:
        async with locks.hold(key):
            order.append(f"in {name}")
            await asyncio.sleep(hold)
            order.append(f"out {name}")

    first = asyncio.create_task(work("a", "1", 0.02))
    await asyncio.sleep(0)
    waiters = [asyncio.create_task(work("a", str(n), 0)) for n in (2, 3, 4)]
    other = asyncio.create_task(work("b", "other", 0))
    await asyncio.gather(first, *waiters, other)
    assert order.index("in other") < order.index("out 1")  # another key does not wait
    assert [e for e in order if e != "in other" and e != "out other"] == [
        "in 1", "out 1", "in 2", "out 2", "in 3", "out 3", "in 4", "out 4",
    ]  # fmt: skip
    assert locks._waiting == {}


async def test_a_waiter_cancelled_leaves_the_queue_and_the_key_goes_on() -> None:
    locks, entered = KeyedLocks(), []
    holder_may_leave = asyncio.Event()

    async def holder() -> None:
        async with locks.hold("k"):
            await holder_may_leave.wait()

    async def waiter(name: str) -> None:
        async with locks.hold("k"):
            entered.append(name)

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    gone, after = asyncio.create_task(waiter("gone")), asyncio.create_task(waiter("after"))
    await asyncio.sleep(0)
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    holder_may_leave.set()
    await asyncio.gather(held, after)
    assert entered == ["after"]
    assert locks._waiting == {}


async def test_a_waiter_cancelled_as_it_is_handed_the_key_passes_it_on() -> None:
    locks, entered = KeyedLocks(), []

    async def waiter(name: str) -> None:
        async with locks.hold("k"):
            entered.append(name)

    async with locks.hold("k"):
        handed, after = asyncio.create_task(waiter("handed")), asyncio.create_task(waiter("after"))
        await asyncio.sleep(0)
    # Leaving handed the key to the first waiter; it is cancelled before it could run.
    handed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handed
    await asyncio.wait_for(after, 1)
    assert entered == ["after"]
    assert locks._waiting == {}


async def test_a_holder_that_raises_still_lets_the_next_in() -> None:
    locks = KeyedLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("k"):
            raise RuntimeError("step failed")
    async with asyncio.timeout(1), locks.hold("k"):
        pass
    assert locks._waiting == {}
