"""Builds the pieces one process runs from the settings, and starts their background work."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field

from bot.channels.base import Channels
from bot.channels.webchat import WebchatInbox
from bot.dialogs import Dialogs, shanghai_now
from bot.files import FileStore
from bot.settings import Settings
from handlers.catalog import Catalog, load_catalog
from handlers.finder import KeywordFinder
from handlers.workdays import WorkCalendar, default_calendar
from models.db import close_db, open_db
from workers import actors, services
from workers.broker import broker
from workers.relay import Relay
from workers.staffboards import StaffBoards

log = logging.getLogger(__name__)
#: The relay sends by actor name, so every actor must be declared in a web process too.
ACTORS = actors.__all__


@dataclass
class App:
    settings: Settings
    catalog: Catalog
    calendar: WorkCalendar
    dialogs: Dialogs
    files: FileStore
    channels: Channels
    boards: StaffBoards
    relay: Relay
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start_background(self, reminders: bool = True) -> None:
        """The outbox relay, the idle-reminder sweep and the deadline schedule, on the running loop."""
        self.relay.start()
        if reminders:
            self.tasks.append(asyncio.get_running_loop().create_task(self._remind_forever()))
            self.tasks.append(asyncio.get_running_loop().create_task(self._deadlines_forever()))

    async def _remind_forever(self, every: float = 60.0) -> None:
        idle = dt.timedelta(minutes=self.settings.idle_reminder_minutes)
        while True:
            try:
                if sent := await self.dialogs.remind_idle(idle):
                    log.info("sent %d idle reminders", sent)
            except Exception:
                log.exception("idle reminder sweep failed; trying again next round")
            await asyncio.sleep(every)

    async def _deadlines_forever(self) -> None:
        # The sweep is idempotent, so several serve processes may each schedule it.
        from workers.deadlines import check_deadlines

        while True:
            try:
                check_deadlines.send()
            except Exception as exc:
                log.warning("cannot queue the deadline sweep (%s); trying again later", type(exc).__name__)
            await asyncio.sleep(self.settings.deadline_check_minutes * 60)

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.relay.stop()
        await close_db()


async def build_app(settings: Settings) -> App:
    catalog = load_catalog(settings.scenario_dir)
    calendar = default_calendar(catalog.directory)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await open_db(settings.database_url)
    channels = Channels()
    channels.add(WebchatInbox())
    relay = Relay(broker)
    dialogs = Dialogs(catalog, KeywordFinder(catalog), channels, calendar=calendar, after_commit=relay.kick)
    files = FileStore(settings.material_dir, settings.max_upload_mb * 1024 * 1024)
    boards = StaffBoards()
    services.install(services.Services(catalog, calendar, channels, boards, relay, settings.public_url, shanghai_now))
    return App(settings, catalog, calendar, dialogs, files, channels, boards, relay)
