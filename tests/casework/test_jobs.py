"""casework.jobs: each job's actor, arguments and idempotency key, built in one place."""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker

from bot import admin
from casework import jobs
from casework.jobs import Job
from models.db import now
from models.outbox import DeadLetter, Outbox


def test_a_handovers_pushes_are_told_apart_by_what_they_say() -> None:
    assert jobs.live_key(7, "back") == "live:7:back"
    assert jobs.live_key(7, "at", 1764120600.0, 2) == "live:7:at:1764120600.0:2"


async def test_a_dead_letter_is_queued_again_under_a_key_of_its_own_keeping_its_message_key(db) -> None:  # type: ignore[no-untyped-def]
    # Given a status push that failed every retry
    payload = {"event_id": 990001, "key": "push:990001"}
    dead = await DeadLetter.create(actor=Job.PUSH_STATUS, payload=payload, key="push:990001", error="boom")
    # When an admin replays it
    assert await admin._replay(dead.id) == 0
    # Then it is in the outbox again, under a key of its own, with the message's key unchanged (work that did
    # happen is not done twice), and the dead letter says it was replayed
    row = await Outbox.get(key__startswith=f"replay:{dead.id}:")
    await Outbox.filter(id=row.id).update(sent_at=now())  # no relay of a later test sends it
    assert (row.actor, row.payload) == (Job.PUSH_STATUS, payload)
    assert (await DeadLetter.get(id=dead.id)).replayed_at is not None


async def test_a_dead_letter_of_no_known_job_is_not_queued(db, capsys) -> None:  # type: ignore[no-untyped-def]
    dead = await DeadLetter.create(actor="?", payload={}, key="lost", error="")
    assert await admin._replay(dead.id) == 1
    assert "names no job" in capsys.readouterr().out
    assert not await Outbox.filter(key__startswith=f"replay:{dead.id}:").exists()


def test_the_sweeps_are_sent_to_their_actors_by_name() -> None:
    broker = StubBroker()
    for job in (Job.CHECK_DEADLINES, Job.CHECK_LIVE_WAITS):
        dramatiq.actor(lambda *args: None, broker=broker, actor_name=job, queue_name="housekeeping")
    jobs.sweep_deadlines(broker)
    jobs.sweep_live_waits(broker, 3)
    queue = broker.queues["housekeeping"]
    sent = [dramatiq.Message.decode(queue.get_nowait()) for _ in range(queue.qsize())]
    assert [(m.actor_name, m.args) for m in sent] == [(Job.CHECK_DEADLINES, ()), (Job.CHECK_LIVE_WAITS, (3,))]
