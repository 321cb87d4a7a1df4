"""Helpers for tests with real Redis and worker processes."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from casework.decisions import Decision, Decisions
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.catalog import load_catalog
from handlers.lifecycle import StaffAction
from models.case import Case, CaseItem
from models.staff import StaffCard, StaffMember
from models.webchat import WebchatMessage

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("YJS_TEST_REDIS_URL")
#: Set for the pass of tests/workers on RabbitMQ (.ci/test.sh); else the queues are Redis's.
BROKER_URL = os.environ.get("YJS_TEST_BROKER_URL") or ""
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs the Redis that make test starts")


class WorkerProcess:
    """`yijianshi worker` in a subprocess, against the test database and Redis."""

    def __init__(self, db_url: str, tmp: Path, extra: dict[str, str] | None = None) -> None:
        self.log = tmp / f"worker-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "YJS_DATABASE_URL": db_url,
            "YJS_REDIS_URL": str(REDIS_URL),
            "YJS_BROKER_URL": BROKER_URL,
            "YJS_DATA_DIR": str(tmp / "data"),
            "YJS_REDIS_HEARTBEAT_MS": "2000",
            "YJS_REDIS_MAINTENANCE_CHANCE": "1000000",
            # A worker killed mid-send leaves its claim; the next one takes it over this soon.
            "YJS_CLAIM_LEASE_SECONDS": "3",
            **(extra or {}),
        }
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "worker", "--processes", "1", "--threads", "4"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "worker ready" in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"worker did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        """kill -9 the whole process group: no shutdown hooks, no acks."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the main process forwards it to its workers
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


async def eventually(check: Callable[[], object], timeout: float = 30.0) -> None:
    """Wait for an async condition the workers make true; fail with the last answer."""
    deadline = asyncio.get_running_loop().time() + timeout
    result: object = None
    while asyncio.get_running_loop().time() < deadline:
        result = await check()  # type: ignore[misc]
        if result:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {timeout}s; last: {result!r}")


# -- staff and residents, as the case tests drive them --------------------------------------------
async def member_of(department: str) -> StaffMember:
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"clerk-{department}",
        defaults={"name": f"clerk {department}", "department": department},
    )
    return member


@functools.cache
def _decisions() -> Decisions:
    return Decisions(CardDrawer(load_catalog(), "http://test"))


async def act(item: CaseItem, action: str, note: str = "", **asked: list[str]) -> None:
    """A clerk of the item's department presses a button of its card."""
    card = await StaffCard.get(case_id=item.case_id, department=item.department)  # type: ignore[attr-defined]
    press = CardPress(card.id, card.version, StaffAction(action), item.id)
    assert isinstance(await _decisions().decide(await member_of(item.department), press, note, asked), Decision)


async def pushes_to(chat: Any) -> list[str]:
    """The status notices a web chat resident was pushed, in order."""
    rows = await WebchatMessage.filter(user__external_id=chat.user, user__channel="web", sender="bot").order_by("id")
    return [r.payload["text"] for r in rows if r.payload["text"].startswith(("办件", "Case"))]


async def cards_shown(case: Case) -> bool:
    """Whether every department of the case has its card drawn for the staff page."""
    departments = {i.department for i in await CaseItem.filter(case=case)}
    shown = {c.department for c in await StaffCard.filter(case=case) if c.body}
    return departments == shown


async def count_at_least(pending: Awaitable[list[str]], n: int) -> bool:
    return len(await pending) >= n
