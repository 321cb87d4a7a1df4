"""Builds the pieces one process runs from the settings, and starts their background work."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import dramatiq
from redis.asyncio import Redis

from bot.channels.webchat import WebchatInbox
from bot.datadir import make_private
from bot.edge.ratelimit import RateLimits
from bot.files import FileStore
from bot.holidays import load_calendar, warn_if_short
from bot.locks import RunOnce, SharedLocks, redis_client
from bot.runtime import Runtime, shanghai_now
from bot.scan import scanner_for
from bot.schedules import start_schedules
from bot.settings import Settings, SettingsError
from bot.speech.cache import SpeechCache
from bot.speech.tts import make_tts
from casework.ports import Channels
from casework.requests import RequestDesk, desk_for
from handlers.catalog import Catalog, load_catalog
from handlers.search import Searcher, searcher_for
from handlers.workdays import WorkCalendar
from models.db import close_db, open_db
from workers import services
from workers.broker import installed
from workers.relay import Relay
from workers.staffboards import StaffBoards

log = logging.getLogger(__name__)


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
        if schedules:
            self.scheduler = start_schedules(self)

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

    catalog, calendar = await _open(settings)
    try:
        return await _assembled(settings, broker, catalog, calendar, chats)
    except BaseException:
        await close_db()  # its connection's thread would keep a process that failed to start alive
        raise


async def _assembled(
    settings: Settings, broker: dramatiq.Broker, catalog: Catalog, calendar: WorkCalendar, chats: bool
) -> App:
    """Everything a process runs on, once its catalog, calendar and database are open."""
    channels = Channels()
    channels.add(WebchatInbox())
    relay = Relay(broker, settings.queue.relay_poll_ms / 1000)
    search = await _searcher(settings, catalog, chats)
    files = await _file_store(settings, catalog, chats)
    redis = redis_client(settings.queue.redis_url) if settings.queue.redis_url else None
    desk = desk_for(catalog, calendar, settings.requests.days, settings.requests.routing_department, relay.kick)
    dialogs = _runtime(settings, catalog, calendar, search, channels, relay, files, redis, desk)
    boards = StaffBoards(kick=relay.kick)
    # One per process: with Redis, one storage and its connections; without, one set of windows in memory.
    limits = RateLimits(settings.edge, settings.queue.redis_url) if chats else None
    await _add_platforms(settings, dialogs, files, channels, boards, limits)
    app = App(
        settings,
        catalog,
        calendar,
        dialogs,
        files,
        channels,
        boards,
        relay,
        voices=_voices(settings),
        once=RunOnce(redis),
        requests=desk,
        limits=limits,
    )
    _install_services(app)
    return app


async def _open(settings: Settings) -> tuple[Catalog, WorkCalendar]:
    """The catalog and the holiday calendar, read and checked; the data directory made private; the database open."""
    catalog = _catalog(settings)
    calendar = load_calendar(catalog.directory)
    warn_if_short(calendar, shanghai_now().date())
    make_private(settings.data_dir, settings.database_url)
    await open_db(settings.database_url)
    return catalog, calendar


async def _searcher(settings: Settings, catalog: Catalog, chats: bool) -> Searcher:
    search = searcher_for(catalog, settings.policy_dir)
    if chats:  # the segmentation dictionary takes a second and 75 MB: before the first question, not in workers
        await asyncio.to_thread(search.warm)
    return search


async def _file_store(settings: Settings, catalog: Catalog, chats: bool) -> FileStore:
    """Where uploads are kept; staged uploads a stopped process left behind are removed."""
    scanner = await scanner_for(settings.scan) if chats else None  # workers take no uploads
    files = FileStore(settings.material_dir, upload_cap(settings, catalog), scanner)
    if swept := files.sweep_staging():
        log.info("removed %d staged uploads left by a stopped process", swept)
    return files


def _runtime(
    settings: Settings,
    catalog: Catalog,
    calendar: WorkCalendar,
    search: Searcher,
    channels: Channels,
    relay: Relay,
    files: FileStore,
    redis: Redis | None,
    desk: RequestDesk,
) -> Runtime:
    """The dialog runtime: the engine, its storage and locks, as the settings configure them."""
    return Runtime(
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


def _install_services(app: App) -> None:
    """What the actors of this process reach: the catalog, the channels and boards, the relay, read-aloud."""
    services.install(
        services.Services(
            app.catalog,
            app.calendar,
            app.channels,
            app.boards,
            app.relay,
            app.settings.public_url,
            shanghai_now,
            app.voices,
            app.desk().routing,
        )
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
    routing = settings.requests.routing_department
    if routing and routing not in catalog.departments:
        raise SettingsError(f"YJS_REQUEST_ROUTING_DEPARTMENT={routing!r}: not a department (see departments.yaml)")
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
