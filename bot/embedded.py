"""The embedded demo: one process, one event loop, SQLite, the web chat and the staff page,
Dramatiq's StubBroker with an in-process worker.

Everything runs on the worker's event loop thread, because tortoise connections are
bound to the loop that opened them: one tortoise shared by two loops broke on SQLite (a lock
"bound to a different event loop", then a process that never exits) and leaked connections
on PostgreSQL when we tried it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from typing import TYPE_CHECKING

from bot.logs import install_redaction
from bot.settings import Settings

if TYPE_CHECKING:
    import dramatiq

    from bot.app import App
    from bot.channels.telegram import TelegramBot

log = logging.getLogger(__name__)


async def serve_web(settings: Settings, started: asyncio.Event | None = None, demo: bool = False) -> None:
    """Serve the web app; ``demo`` (the embedded demo) seeds sample cases into an empty database first."""
    from aiohttp import web

    from bot.access_log import web_runner
    from bot.app import build_app
    from bot.edge.timeouts import server_options
    from bot.web import build_web
    from workers.broker import install

    install(settings.queue)  # the same broker run_embedded installed, or Redis for `serve`
    install_redaction(settings.secrets())  # also when serve_web is started without the command line's setup
    app = await build_app(settings)
    if demo and settings.demo.seed:
        await _seed_first_start(app)
    web_app = build_web(app)
    telegram = _telegram(settings, app)
    if telegram:
        web_app.add_routes(telegram.routes())
    await _demo_staff(settings)  # before the site answers: the accounts exist once it does
    runner = web_runner(web_app, settings.web.access_log, **server_options(settings.edge))
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    if telegram:
        await telegram.start()
    app.start_background()
    settled()
    log.info("web on http://%s:%d/  (%d scenarios)", settings.host, settings.port, len(app.catalog))
    print(f"yijianshi: open http://{settings.host}:{settings.port}/ (staff page: /staff). Ctrl+C stops.", flush=True)
    if started:
        started.set()
    try:
        await asyncio.Event().wait()
    finally:
        if telegram:
            await telegram.stop()
        await runner.cleanup()
        await app.close()


def _telegram(settings: Settings, app: App) -> TelegramBot | None:
    """Telegram updates in (polling or webhook), where a token is set, on the Bot the sender made."""
    if not settings.telegram.bot_token:
        return None
    from bot.channels.telegram import TelegramBot

    sender = app.channels.get("telegram")
    bot = getattr(sender, "bot", None)
    chats = settings.telegram.staff_chats
    return TelegramBot(settings, app.dialogs, app.files, app.catalog, chats, bot, app.limits)


async def _seed_first_start(app: App) -> None:
    from bot.demodata import seed
    from models.case import Case

    if await Case.exists():
        return
    seeded = await seed(app.catalog, app.calendar, app.settings.public_url)
    log.info("demo: %d sample cases filed (YJS_DEMO_DATA=0 starts empty)", seeded.filed)


async def _demo_staff(settings: Settings) -> None:
    """The demo's staff accounts with fresh passwords, printed once (to the console, never the log) on loopback."""
    from bot.staff.demo import demo_accounts, demo_banner, retire_demo_accounts
    from bot.web import loopback, staff_demo

    if staff_demo(settings):
        accounts = await demo_accounts()
        print(demo_banner(accounts, f"http://{settings.host}:{settings.port}", loopback(settings)), flush=True)
    elif retired := await retire_demo_accounts():
        log.warning(
            "staff demo is off here (%s): its %d accounts from an earlier start can no longer sign in",
            settings.host,
            retired,
        )


def run_embedded(settings: Settings) -> None:
    import dramatiq
    from dramatiq.asyncio import get_event_loop_thread

    from workers.broker import install

    broker = install(settings.queue)
    import workers.actors  # noqa: F401  (declares the actors on the broker)
    from workers.once import set_lease

    set_lease(settings.queue.claim_lease_seconds)

    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=_idle_timeout_ms(broker, settings))
    worker.start()
    loop_thread = get_event_loop_thread()
    assert loop_thread is not None, "the AsyncIO middleware starts the loop thread"
    serving = asyncio.run_coroutine_threadsafe(serve_web(settings, demo=True), loop_thread.loop)
    try:
        serving.result()
    except KeyboardInterrupt:
        serving.cancel()
        with contextlib.suppress(Exception):
            serving.result(timeout=10)
    finally:
        worker.stop()


#: How often (ms) an idle thread of the in-process worker wakes on the stub broker.
STUB_IDLE_MS = 1000


def _idle_timeout_ms(broker: dramatiq.Broker, settings: Settings) -> int:
    """The worker's idle timeout: the configured one for Redis or RabbitMQ, whose consumers poll; a second on
    the stub broker, whose queues hand a message to a waiting thread the moment it is sent. There the
    timeout sets only how often the ten idle threads wake to look, each time taking the interpreter lock
    from the web chat (at 30 ms, a twentieth of the web chat's throughput), and how late a retry's delay
    is noticed."""
    from dramatiq.brokers.stub import StubBroker

    return STUB_IDLE_MS if isinstance(broker, StubBroker) else settings.queue.worker_timeout_ms


#: The collector's thresholds for a serving process (the default is 700, 10, 10): a young collection
#: every ten thousand objects made and not yet freed; the older generations as by default.
GC_THRESHOLDS = (10_000, 10, 10)


def settled() -> None:
    """Everything made at start (the catalog, the search index and its dictionaries, the modules) lives as long
    as the process: moved out of the garbage collector's sight (gc.freeze), so that its full collections
    no longer walk them. In the web chat benchmark they had taken about a tenth of the server's CPU,
    in pauses of about 90 ms each.

    Then the collector runs less often. A web chat step makes and drops thousands of objects, and with a
    hundred steps in flight the default thresholds (a young collection every 700 objects not yet freed)
    collected again and again while finding little to free: over 8,800 steps of the web chat benchmark
    run in one process with its client, 1,656 young, 149 middle and 13 full collections took 0.64 s of
    4.4 s of CPU (timed with gc.callbacks); at GC_THRESHOLDS, 49, 3 and 1 took 0.19 s. Objects freed by
    their count go at once either way; only those in cycles wait longer for the collector.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
