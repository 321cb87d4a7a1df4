"""The same five-step form on python-telegram-bot (ConversationHandler, PicklePersistence saved after
every update), on aiogram 3 (FSM with RedisStorage) and on our runtime (five steps of the EV charger's
form, every step saved in SQLite before the reply), side by side in one run, offline.

    python bench/peers.py [--users 1000] [--open 10000]   (needs the `bench` extra; Redis from
    YJS_TEST_REDIS_URL, database 2 of it, flushed first)

Steps/s: --users residents each send the five answers, interleaved (all at once in our runtime and
aiogram; PTB processes updates one at a time, as its Application does per user without concurrent
updates). Memory: what --open forms left open (first answer given) add to the process (RSS),
and for aiogram to Redis (used_memory). Each peer is bounded by --seconds; a peer stopped by it
reports the steps it made in that time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REDIS = os.environ.get("YJS_TEST_REDIS_URL", "redis://127.0.0.1:56379/0").rsplit("/", 1)[0] + "/2"
ANSWERS = ["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "是"]
TOKEN = "123456:bench-token-nothing-is-sent"


def _message(update_id: int, user: int, text: str) -> dict[str, Any]:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}] if text.startswith("/") else []
    chat = {"id": user, "type": "private", "first_name": "u"}
    message = {"message_id": update_id, "date": 1_700_000_000, "chat": chat, "from": {**chat, "is_bot": False},
               "text": text, "entities": entities}  # fmt: skip
    return {"update_id": update_id, "message": message}


async def timed(updates: Callable[[int, str], Awaitable[None]], users: int, seconds: float) -> tuple[float, int]:
    """Every user's /start then five answers, round-robin across users; steps/s over the answers."""
    for user in range(users):
        await updates(user, "/start")
    done, begin = 0, time.perf_counter()
    deadline = begin + seconds
    for answer in ANSWERS:
        for user in range(users):
            await updates(user, answer)
            done += 1
            if time.perf_counter() > deadline:
                return done / (time.perf_counter() - begin), done
    return done / (time.perf_counter() - begin), done


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def weigh(open_forms: Callable[[int], Awaitable[None]]) -> float:
    """MB of resident memory that open forms add to the process (after the steps above warmed it up)."""
    gc.collect()
    before = _rss_mb()
    await open_forms(0)
    gc.collect()
    return _rss_mb() - before


# -- python-telegram-bot -----------------------------------------------------------------------
async def ptb(users: int, open_count: int, seconds: float, tmp: Path) -> tuple[float, int, float, str]:
    from telegram import Update
    from telegram.ext import Application, CommandHandler, ConversationHandler, MessageHandler, PicklePersistence
    from telegram.ext import filters as f
    from telegram.request import BaseRequest

    class Offline(BaseRequest):
        async def initialize(self) -> None: ...
        async def shutdown(self) -> None: ...

        async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
            me = {"id": 1, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
            return 200, json.dumps({"ok": True, "result": me}).encode()

        @property
        def read_timeout(self) -> float:
            return 5.0

    def ask(state: int, key: str):  # type: ignore[no-untyped-def]
        async def step(update: Update, context: Any) -> int:
            context.user_data[key] = update.message.text  # type: ignore[union-attr]
            return state + 1 if state + 1 < len(ANSWERS) else ConversationHandler.END

        return step

    async def begin(update: Update, context: Any) -> int:
        context.user_data.clear()
        return 0

    def build(path: Path) -> Application:  # type: ignore[type-arg]
        persistence = PicklePersistence(path, update_interval=10**6)
        app = Application.builder().token(TOKEN).updater(None).request(Offline()).persistence(persistence).build()
        states = {n: [MessageHandler(f.TEXT & ~f.COMMAND, ask(n, f"a{n}"))] for n in range(len(ANSWERS))}
        handler = ConversationHandler(
            [CommandHandler("start", begin)],
            states,
            [],
            name="form",
            persistent=True,  # type: ignore[arg-type]
        )
        app.add_handler(handler)
        return app

    counter = iter(range(1, 10**9))
    app = build(tmp / "ptb.pickle")
    await app.initialize()

    async def durable(user: int, text: str) -> None:
        await app.process_update(Update.de_json(_message(next(counter), user + 1, text), app.bot))
        await app.update_persistence()  # durable per step: the whole pickle is written again

    rate, done = await timed(durable, users, seconds)
    await app.shutdown()

    app = build(tmp / "ptb-open.pickle")
    await app.initialize()

    async def open_forms(_: int) -> None:
        for user in range(open_count):
            for text in ("/start", ANSWERS[0]):
                await app.process_update(Update.de_json(_message(next(counter), user + 1, text), app.bot))

    mb = await weigh(open_forms)
    await app.shutdown()
    return rate, done, mb, "PicklePersistence written after every update"


# -- aiogram -----------------------------------------------------------------------------------
async def aiogram_fsm(users: int, open_count: int, seconds: float, tmp: Path) -> tuple[float, int, float, str]:
    import redis.asyncio as aioredis
    from aiogram import Bot, Dispatcher, F, Router
    from aiogram.filters import CommandStart
    from aiogram.fsm.context import FSMContext
    from aiogram.fsm.state import State, StatesGroup
    from aiogram.fsm.storage.redis import RedisStorage
    from aiogram.types import Message, Update

    class Form(StatesGroup):
        a0 = State()
        a1 = State()
        a2 = State()
        a3 = State()
        a4 = State()

    states = [Form.a0, Form.a1, Form.a2, Form.a3, Form.a4]
    router = Router()

    @router.message(CommandStart())
    async def begin(message: Message, state: FSMContext) -> None:
        await state.set_state(Form.a0)

    for n, form_state in enumerate(states):

        async def step(message: Message, state: FSMContext, n: int = n) -> None:
            await state.update_data({f"a{n}": message.text})
            await (state.set_state(states[n + 1]) if n + 1 < len(states) else state.clear())

        router.message(form_state, F.text)(step)

    # A pool that waits for a free connection, as a bot under load would be configured.
    client = aioredis.Redis(connection_pool=aioredis.BlockingConnectionPool.from_url(REDIS, max_connections=64))
    await client.flushdb()
    storage = RedisStorage(client)
    dispatcher = Dispatcher(storage=storage)
    dispatcher.include_router(router)
    bot = Bot(TOKEN)
    counter = iter(range(1, 10**9))

    async def feed(user: int, text: str) -> None:
        await dispatcher.feed_update(bot, Update.model_validate(_message(next(counter), user + 1, text)))

    # Concurrent like a polling dispatcher: each round sends every user's next answer at once.
    done, begin_at = 0, time.perf_counter()
    await asyncio.gather(*(feed(u, "/start") for u in range(users)))
    begin_at = time.perf_counter()
    for answer in ANSWERS:
        await asyncio.gather(*(feed(u, answer) for u in range(users)))
        done += users
        if time.perf_counter() - begin_at > seconds:
            break
    rate = done / (time.perf_counter() - begin_at)
    await client.flushdb()
    redis_before = (await client.info("memory"))["used_memory"]

    async def open_forms(_: int) -> None:
        for first in range(0, open_count, 1000):
            batch = range(first, min(open_count, first + 1000))
            await asyncio.gather(*(feed(u, "/start") for u in batch))
            await asyncio.gather(*(feed(u, ANSWERS[0]) for u in batch))

    mb = await weigh(open_forms)
    redis_mb = ((await client.info("memory"))["used_memory"] - redis_before) / 1e6
    await client.flushdb()
    await bot.session.close()
    await client.aclose()
    return rate, done, mb, f"RedisStorage; +{redis_mb:.1f} MB in Redis"


# -- our runtime -------------------------------------------------------------------------------
async def ours(users: int, open_count: int, seconds: float, tmp: Path) -> tuple[float, int, float, str]:
    from bot.runtime import Runtime
    from handlers.catalog import load_catalog
    from handlers.events import InboundEvent
    from handlers.search import searcher_for
    from models.db import close_db, open_db

    await open_db(f"sqlite://{tmp / 'ours.db'}")
    catalog = load_catalog()
    dialogs = Runtime(catalog, searcher_for(catalog))

    async def to_form(user: str) -> None:
        """/start, the scenario, 开始办理, the privacy consent, the two deciding questions: at the name."""
        replies = await dialogs.handle(InboundEvent("peers", user, "command", "/start"))
        replies = await dialogs.handle(InboundEvent("peers", user, "button", "*|sc:ev-charger-home"))
        for action in ("start", "privacy:yes"):
            data = next(b.data for r in replies for b in r.buttons if b.data.endswith(f"|{action}"))
            replies = await dialogs.handle(InboundEvent("peers", user, "button", data))
        for answer in ("1", "是"):
            await dialogs.handle(InboundEvent("peers", user, "text", answer))

    async def answer(user: str, text: str) -> None:
        await dialogs.handle(InboundEvent("peers", user, "text", text))

    try:
        for first in range(0, users, 1000):
            await asyncio.gather(*(to_form(f"u{n}") for n in range(first, min(users, first + 1000))))
        done, begin = 0, time.perf_counter()
        for text in [*ANSWERS[:4], "1"]:  # name, ID, phone, address, the charger's power
            await asyncio.gather(*(answer(f"u{n}", text) for n in range(users)))
            done += users
            if time.perf_counter() - begin > seconds:
                break
        rate = done / (time.perf_counter() - begin)

        async def open_forms(_: int) -> None:
            for first in range(0, open_count, 1000):
                batch = [f"o{n}" for n in range(first, min(open_count, first + 1000))]
                await asyncio.gather(*(to_form(u) for u in batch))
                await asyncio.gather(*(answer(u, ANSWERS[0]) for u in batch))

        mb = await weigh(open_forms)
    finally:
        await close_db()
    return rate, done, mb, "SQLite, every step committed (group commit) before the reply"


PEERS: dict[str, Callable[[int, int, float, Path], Awaitable[tuple[float, int, float, str]]]] = {
    "python-telegram-bot": ptb,
    "aiogram": aiogram_fsm,
    "yijianshi runtime": ours,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--open", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=30, help="most seconds of steps per peer")
    parser.add_argument("--only", choices=list(PEERS))
    args = parser.parse_args()
    rows = []
    for name, peer in PEERS.items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory() as folder:
            rate, done, mb, how = asyncio.run(peer(args.users, args.open, args.seconds, Path(folder)))
        rows.append((name, rate, done, mb, how))
        print(f"  {name}: {rate:.0f} steps/s ({done} steps), +{mb:.1f} MB for {args.open} open forms", flush=True)
    print(f"{'peer':<22}{'steps/s':>9}{'MB/' + str(args.open) + ' open':>14}  how")
    for name, rate, done, mb, how in rows:
        print(f"{name:<22}{rate:9.0f}{mb:14.1f}  {how} ({done} steps, {args.users} users)")


if __name__ == "__main__":
    main()
