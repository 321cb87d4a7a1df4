"""Builds the pieces one process runs from the settings, and starts their background work."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from bot.channels.webchat import WebchatInbox
from bot.datadir import make_private
from bot.edge.ratelimit import RateLimits
from bot.files import FileStore
from bot.holidays import load_calendar, warn_if_short
from bot.locks import RunOnce, SharedLocks, redis_client
from bot.runtime import Runtime, shanghai_now
from bot.scan import scanner_for
from bot.settings import Settings, SettingsError
from bot.speech.cache import SpeechCache
from bot.speech.tts import make_tts
from casework import retention
from casework.ports import Channels
from casework.requests import RequestDesk, desk_for
from handlers.catalog import Catalog, load_catalog
from handlers.search import searcher_for
from handlers.workdays import WorkCalendar
from models.db import close_db, open_db
from workers import services
from workers.broker import installed
from workers.relay import Relay
from workers.staffboards import StaffBoards

log = logging.getLogger(__name__)
#: How often a serve process offers to run the retention sweep (one process runs it per period).
RETENTION_SWEEP_HOURS = 6

#: How often handovers waiting for a person are checked against the wait (YJS_LIVE_WAIT_MINUTES).
LIVE_SWEEP_SECONDS = 30


@dataclass
class App:
    settings: Settings
    catalog: Catalog
    calendar: WorkCalendar
    dialogs: Runtime
    files: FileStore
    channels: Channels
    boards: StaffBoards
    relay: Relay
    scheduler: Any = None
    voices: SpeechCache | None = None
    #: Lets one process of several run each periodic job per period (every process, without Redis).
    once: RunOnce = field(default_factory=lambda: RunOnce(None))
    #: The rate limits and quotas of every channel in this process (web processes; None in workers).
    limits: RateLimits | None = None
    #: 留言, 依申请公开 and follow-ups (``desk()`` builds one where the app was assembled without).
    requests: RequestDesk | None = None

    def desk(self) -> RequestDesk:
        if self.requests is None:
            days, routing = self.settings.requests.days, self.settings.requests.routing_department
            self.requests = desk_for(self.catalog, self.calendar, days, routing, self.relay.kick)
        return self.requests

    def start_background(self, schedules: bool = True) -> None:
        """The outbox relay, and (in web processes) the idle-reminder and deadline schedules."""
        self.relay.start()
        if not schedules:
            return
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        # One instance of each job at a time, and a missed run is run once, not many times over.
        self.scheduler = AsyncIOScheduler(job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60})
        self.scheduler.add_job(self._remind_idle, "interval", minutes=1, next_run_time=shanghai_now())
        minutes = self.settings.deadline_check_minutes
        self.scheduler.add_job(self._queue_deadline_sweep, "interval", minutes=minutes, next_run_time=shanghai_now())
        self.scheduler.add_job(self.files.sweep_staging, "interval", minutes=10)
        self.scheduler.add_job(
            self._retention_sweep, "interval", hours=RETENTION_SWEEP_HOURS, next_run_time=shanghai_now()
        )
        self.scheduler.add_job(self._queue_live_sweep, "interval", seconds=LIVE_SWEEP_SECONDS)
        self.scheduler.start()

    async def _remind_idle(self) -> None:
        if not await self._first("remind-idle", 60):
            return
        try:
            if sent := await self.dialogs.remind_idle(dt.timedelta(minutes=self.settings.idle_reminder_minutes)):
                log.info("sent %d idle reminders", sent)
        except Exception:
            log.exception("idle reminder sweep failed; trying again next round")

    async def _retention_sweep(self) -> None:
        """The privacy notice's promise: closed cases erased after the retention period, unused files removed.
        Safe in several processes at once (each case is erased under its row lock); one runs it per period."""
        if not await self._first("retention", RETENTION_SWEEP_HOURS * 3600):
            return
        try:
            days = self.settings.privacy.retention_days
            if erased := await retention.erase_expired(dt.timedelta(days=days)):
                log.info("retention: erased the personal data of %d cases closed over %d days ago", len(erased), days)
            in_use = await retention.files_in_use()
            if removed := await asyncio.to_thread(self.files.sweep_unused, in_use):
                log.info("retention: removed %d files no case or conversation refers to", removed)
        except Exception:
            log.exception("retention sweep failed; trying again next round")

    async def _queue_deadline_sweep(self) -> None:
        # The sweep is idempotent; still, of several serve processes only one queues it per period.
        from workers.deadlines import check_deadlines

        if not await self._first("deadline-sweep", 60 * self.settings.deadline_check_minutes):
            return
        try:
            await asyncio.to_thread(check_deadlines.send)
        except Exception as exc:
            log.warning("cannot queue the deadline sweep (%s); trying again later", type(exc).__name__)

    async def _first(self, job: str, period_seconds: float) -> bool:
        try:
            return await self.once.claim(job, period_seconds)
        except Exception as exc:  # Redis away: skip this round rather than run it in every process
            log.warning("cannot claim %s (%s); trying again next round", job, type(exc).__name__)
            return False

    def _queue_live_sweep(self) -> None:
        """人工客服: handovers nobody took within YJS_LIVE_WAIT_MINUTES are offered a 留言 instead."""
        from workers.live import check_live_waits

        try:
            check_live_waits.send(self.settings.live.wait_minutes)
        except Exception as exc:
            log.warning("cannot queue the live-chat sweep (%s); trying again later", type(exc).__name__)

    async def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        await self.relay.stop()
        if self.once.redis is not None:
            await self.once.redis.aclose()
        await close_db()


async def build_app(settings: Settings, chats: bool = True) -> App:
    """The pieces of one process; `chats=False` for worker processes, which answer no one.

    The entry point installs the broker first (`workers.broker.install(settings.queue)`).
    """
    broker = installed()
    # The relay sends by actor name, so every actor must be declared in a web process too.
    import workers.actors  # noqa: F401

    catalog = _catalog(settings)
    calendar = load_calendar(catalog.directory)
    warn_if_short(calendar, shanghai_now().date())
    make_private(settings.data_dir, settings.database_url)
    await open_db(settings.database_url)
    channels = Channels()
    channels.add(WebchatInbox())
    relay = Relay(broker, settings.queue.relay_poll_ms / 1000)
    search = searcher_for(catalog, settings.policy_dir)
    if chats:  # the segmentation dictionary takes a second and 75 MB: before the first question, not in workers
        await asyncio.to_thread(search.warm)
    scanner = await scanner_for(settings.scan) if chats else None  # workers take no uploads
    files = FileStore(settings.material_dir, upload_cap(settings, catalog), scanner)
    if swept := files.sweep_staging():
        log.info("removed %d staged uploads left by a stopped process", swept)
    redis = redis_client(settings.queue.redis_url) if settings.queue.redis_url else None
    desk = desk_for(catalog, calendar, settings.requests.days, settings.requests.routing_department, relay.kick)
    dialogs = Runtime(
        catalog,
        search,
        channels,
        calendar=calendar,
        after_commit=relay.kick,
        files=files,
        retention_days=settings.privacy.retention_days,
        hall=settings.hall,
        locks=SharedLocks(redis) if redis is not None else None,
        cache_bytes=settings.conversation_cache_mb << 20,
        live=settings.live,
        rating_change_days=settings.ratings.change_days,
        requests=desk,
    )
    boards = StaffBoards(kick=relay.kick)
    # One per process: with Redis, one storage and its connections; without, one set of windows in memory.
    limits = RateLimits(settings.edge, settings.queue.redis_url) if chats else None
    await _add_platforms(settings, dialogs, files, channels, boards, limits)
    voices = _voices(settings)
    services.install(
        services.Services(
            catalog, calendar, channels, boards, relay, settings.public_url, shanghai_now, voices, desk.routing
        )
    )
    return App(
        settings,
        catalog,
        calendar,
        dialogs,
        files,
        channels,
        boards,
        relay,
        voices=voices,
        once=RunOnce(redis),
        requests=desk,
        limits=limits,
    )


def _catalog(settings: Settings) -> Catalog:
    """The catalog, checked against the departments the settings send staff cards to."""
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    for name, mapping in (
        ("YJS_TELEGRAM_STAFF_CHATS", settings.telegram.staff_chats),
        ("YJS_WECOM_ROBOTS", settings.wecom.robots),
        ("YJS_LIVE_DEPARTMENT_HOURS", settings.live.departments),
    ):
        if unknown := sorted(set(mapping) - set(catalog.departments)):
            raise SettingsError(f"{name}: unknown departments {unknown} (see departments.yaml)")
    return catalog


async def _add_platforms(
    settings: Settings,
    dialogs: Runtime,
    files: FileStore,
    channels: Channels,
    boards: StaffBoards,
    limits: RateLimits | None,
) -> None:
    """The chat platforms and staff boards these settings configure."""
    if settings.telegram.bot_token:
        from bot.channels.telegram import TelegramSender, make_bot, make_staff_bot

        bot, groups = make_bot(settings), make_staff_bot(settings)
        await bot.initialize()
        if settings.telegram.staff_chats:
            await groups.initialize()
        telegram = TelegramSender(bot, settings.telegram.staff_chats, groups, settings.public_url)
        channels.add(telegram)
        boards.boards.append(telegram)
    if settings.wechat.token:
        from bot.channels.wechat import WechatChannel

        channels.add(WechatChannel(settings, dialogs, files, limits=limits))
    if settings.wecom.robots:
        from bot.channels.wecom import WecomRobotBoard

        boards.boards.append(WecomRobotBoard(settings.wecom.robots, settings.wecom.api_base_url, settings.public_url))


def upload_cap(settings: Settings, catalog: Catalog) -> int:
    """Bytes read of one upload at most: no more than the largest document any step accepts."""
    largest = max((m.max_mb for s in catalog for m in s.materials), default=settings.max_upload_mb)
    return int(min(settings.max_upload_mb, largest) * 1024 * 1024)


def _voices(settings: Settings) -> SpeechCache | None:
    """Read-aloud where this machine has a speech engine (espeak-ng, or piper with a model)."""
    tts = make_tts(settings.speech)
    if tts is None:
        log.warning("no speech engine (install espeak-ng): elder mode replies come without voice")
        return None
    return SpeechCache(settings.data_dir / "voices", tts)
