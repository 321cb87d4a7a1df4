"""The periodic jobs of a web process: idle reminders, the deadline, live-chat and retention sweeps.

With several serve processes, each job runs in one of them per period (``RunOnce`` over Redis).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING

from bot.runtime import shanghai_now
from casework import jobs, retention

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.app import App

log = logging.getLogger(__name__)
#: How often a serve process offers to run the retention sweep (one process runs it per period).
RETENTION_SWEEP_HOURS = 6

#: How often handovers waiting for a person are checked against the wait (YJS_LIVE_WAIT_MINUTES).
LIVE_SWEEP_SECONDS = 30


def start_schedules(app: App) -> AsyncIOScheduler:
    """The idle reminders, the deadline, staging, retention and live-chat sweeps, started."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    jobs = _Jobs(app)
    # One instance of each job at a time, and a missed run is run once, not many times over.
    scheduler = AsyncIOScheduler(job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60})
    scheduler.add_job(jobs.remind_idle, "interval", minutes=1, next_run_time=shanghai_now())
    minutes = app.settings.deadline_check_minutes
    scheduler.add_job(jobs.queue_deadline_sweep, "interval", minutes=minutes, next_run_time=shanghai_now())
    scheduler.add_job(app.files.sweep_staging, "interval", minutes=10)
    scheduler.add_job(jobs.retention_sweep, "interval", hours=RETENTION_SWEEP_HOURS, next_run_time=shanghai_now())
    scheduler.add_job(jobs.queue_live_sweep, "interval", seconds=LIVE_SWEEP_SECONDS)
    scheduler.start()
    return scheduler


class _Jobs:
    """The scheduled jobs: each logs a failure rather than raising (the next round tries again), and the
    reminders, deadline and retention sweeps first claim their period, so one process of several runs them."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def remind_idle(self) -> None:
        if not await self._first("remind-idle", 60):
            return
        try:
            idle = dt.timedelta(minutes=self.app.settings.idle_reminder_minutes)
            if sent := await self.app.dialogs.remind_idle(idle):
                log.info("sent %d idle reminders", sent)
        except Exception:
            log.exception("idle reminder sweep failed; trying again next round")

    async def retention_sweep(self) -> None:
        """The privacy notice's promise: closed cases erased after the retention period, unused files removed.
        Safe in several processes at once (each case is erased under its row lock); one runs it per period."""
        if not await self._first("retention", RETENTION_SWEEP_HOURS * 3600):
            return
        try:
            days = self.app.settings.privacy.retention_days
            if erased := await retention.erase_expired(dt.timedelta(days=days)):
                log.info("retention: erased the personal data of %d cases closed over %d days ago", len(erased), days)
            in_use = await retention.files_in_use()
            if removed := await asyncio.to_thread(self.app.files.sweep_unused, in_use):
                log.info("retention: removed %d files no case or conversation refers to", removed)
        except Exception:
            log.exception("retention sweep failed; trying again next round")

    async def queue_deadline_sweep(self) -> None:
        # The sweep is idempotent; still, of several serve processes only one queues it per period.
        if not await self._first("deadline-sweep", 60 * self.app.settings.deadline_check_minutes):
            return
        try:
            await asyncio.to_thread(jobs.sweep_deadlines, self.app.relay.broker)
        except Exception as exc:
            log.warning("cannot queue the deadline sweep (%s); trying again later", type(exc).__name__)

    async def _first(self, job: str, period_seconds: float) -> bool:
        try:
            return await self.app.once.claim(job, period_seconds)
        except Exception as exc:  # Redis away: skip this round rather than run it in every process
            log.warning("cannot claim %s (%s); trying again next round", job, type(exc).__name__)
            return False

    def queue_live_sweep(self) -> None:
        """人工客服: handovers nobody took within YJS_LIVE_WAIT_MINUTES are offered a 留言 instead."""
        try:
            jobs.sweep_live_waits(self.app.relay.broker, self.app.settings.live.wait_minutes)
        except Exception as exc:
            log.warning("cannot queue the live-chat sweep (%s); trying again later", type(exc).__name__)
