"""The outbox takes each piece of work once, by its key, inside the caller's transaction."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.outbox import Outbox, enqueue


async def test_the_same_key_is_queued_once_and_the_first_payload_kept(db: str) -> None:
    async with in_transaction():
        await enqueue("post_card", "outbox-test:1", card_id=1)
        await enqueue("post_card", "outbox-test:1", card_id=2)
    rows = await Outbox.filter(key="outbox-test:1")
    assert [(r.actor, r.payload) for r in rows] == [("post_card", {"card_id": 1, "key": "outbox-test:1"})]


async def test_work_queued_in_a_transaction_that_fails_is_not_queued(db: str) -> None:
    try:
        async with in_transaction():
            await enqueue("post_card", "outbox-test:2", card_id=1)
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert not await Outbox.filter(key="outbox-test:2").exists()
