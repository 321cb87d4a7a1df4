"""The embedded demo: one process, SQLite, web chat on loopback, the idle reminder sweep."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from aiohttp import web

from bot.app import App, build_app
from bot.settings import Settings
from bot.web import build_web

log = logging.getLogger(__name__)


async def remind_forever(app: App, every: float = 60.0) -> None:
    idle = dt.timedelta(minutes=app.settings.idle_reminder_minutes)
    while True:
        try:
            sent = await app.dialogs.remind_idle(idle)
            if sent:
                log.info("sent %d idle reminders", sent)
        except Exception:
            log.exception("idle reminder sweep failed; trying again next round")
        await asyncio.sleep(every)


async def serve_embedded(settings: Settings) -> None:
    app = await build_app(settings)
    runner = web.AppRunner(build_web(app))
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    reminders = asyncio.create_task(remind_forever(app))
    log.info("web chat on http://%s:%d/  (%d scenarios)", settings.host, settings.port, len(app.catalog))
    print(f"yijianshi: open http://{settings.host}:{settings.port}/ in a browser (Ctrl+C stops)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        reminders.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reminders
        await runner.cleanup()
        await app.close()


def run_embedded(settings: Settings) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_embedded(settings))
