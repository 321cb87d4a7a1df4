"""Case fan-out throughput: from confirm to every department's card posted, on Redis and
PostgreSQL with 2 worker processes, beside a trivial Dramatiq actor on the same Redis
with the same 2 processes, measured in the same run.

    make bench    (starts PostgreSQL and Redis like make test)
    python bench/fanout.py [--cases 300]   with YJS_TEST_POSTGRES_URL and YJS_TEST_REDIS_URL set
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Database 1 of the test Redis, flushed first, so nothing left by tests or earlier runs mixes in.
REDIS = os.environ.get("YJS_TEST_REDIS_URL", "redis://127.0.0.1:56379/0").rsplit("/", 1)[0] + "/1"
POSTGRES = os.environ.get("YJS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:55432/yijianshi_test")
os.environ["YJS_REDIS_URL"] = REDIS  # for this process's Settings and every worker started below
WORKERS = ["--processes", "2", "--threads", "4"]


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


def wait_for(text: str, log: Path, count: int = 1, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(text) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {text!r} in {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


def baseline(messages: int, tmp: Path) -> float:
    """Messages per second through a trivial actor: enqueue all, then time until all ran."""
    import redis

    sys.path.insert(0, str(ROOT / "bench"))
    import noop_actor

    counter = redis.Redis.from_url(REDIS)
    counter.delete("bench:noop")
    log = tmp / "noop.log"
    worker = start([sys.executable, "-m", "dramatiq", "noop_actor", *WORKERS], {"PYTHONPATH": "bench"}, log)
    try:
        wait_for("is ready for action", log, count=2)
        begin = time.perf_counter()
        for n in range(messages):
            noop_actor.noop.send(n)
        while int(counter.get("bench:noop") or 0) < messages:
            time.sleep(0.005)
        return messages / (time.perf_counter() - begin)
    finally:
        stop(worker)


async def fanout(cases: int, db_url: str, tmp: Path) -> tuple[float, int]:
    from tortoise import Tortoise
    from tortoise.transactions import in_transaction

    from bot.app import build_app
    from bot.settings import Settings
    from casework.casework import file_case, next_case_number
    from handlers.events import SubmitCase
    from models.staff import StaffCard
    from models.user import user_for
    from workers.broker import install

    log = tmp / "workers.log"
    env = {"YJS_DATABASE_URL": db_url, "YJS_DATA_DIR": str(tmp / "data")}
    settings = Settings.from_env({**os.environ, **env})
    install(settings.queue)
    app = await build_app(settings)
    await Tortoise.generate_schemas(safe=True)
    worker = start([sys.executable, "-m", "bot", "worker", *WORKERS], env, log)
    try:
        wait_for("worker ready", log, count=2)
        app.relay.start()
        scenario = app.catalog.scenarios["ev-charger-home"]
        user = await user_for("bench", "resident")
        numbers = [await next_case_number(app.dialogs.now().date()) for _ in range(cases)]
        answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
        begin = time.perf_counter()
        items = ("online_channel", "charger_application")
        for number in numbers:
            # What a confirm commits: the case, its items, its first event and its outbox row.
            effect = SubmitCase(scenario.id, uuid.uuid4().hex, answers, items, {}, "zh_CN")
            async with in_transaction():
                await file_case(effect, number, user.id, scenario, app.dialogs.now().date())
            app.relay.kick()
        expected = cases * 2
        while await StaffCard.filter(body__not={}).count() < expected:
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - begin
        await app.close()
        return cases / elapsed, expected
    finally:
        stop(worker)


async def fresh_database() -> str:
    import asyncpg

    name = f"yjs_bench_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await admin.close()


def main() -> None:
    import signal
    import tempfile

    # A timeout's SIGTERM must still run the finally blocks that stop the worker processes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db_url = asyncio.run(fresh_database())
        try:
            rate, cards = asyncio.run(fanout(args.cases, db_url, tmp))
        finally:
            asyncio.run(drop_database(db_url))
        # Each case is three actor messages (route, and a card per department).
        messages = args.cases * 3
        bare = baseline(messages, tmp)
    print(f"case fan-out, confirm -> all cards posted : {rate:8.1f} cases/s  ({args.cases} cases, {cards} cards)")
    print(f"  as actor messages (3 per case)          : {rate * 3:8.1f} msg/s")
    print(f"baseline trivial actor, same Redis/workers: {bare:8.1f} msg/s")
    print(f"ratio fan-out msg/s / trivial msg/s       : {rate * 3 / bare:8.2f}")


if __name__ == "__main__":
    main()
