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

from processes import stop  # noqa: E402  (bench/, this script's folder)

# Database 1 of the test Redis, flushed first, so nothing left by tests or earlier runs mixes in.
REDIS = os.environ.get("YJS_TEST_REDIS_URL", "redis://127.0.0.1:56379/0").rsplit("/", 1)[0] + "/1"
POSTGRES = os.environ.get("YJS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:55432/yijianshi_test")
os.environ["YJS_REDIS_URL"] = REDIS  # for this process's Settings and every worker started below
WORKERS = ["--processes", "2", "--threads", "4"]
#: Residents confirming at once in the end-to-end figure (as many as the workers' threads).
CONFIRMS = 8


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


def wait_for(text: str, log: Path, count: int = 1, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(text) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {text!r} in {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.1)


def baseline(messages: int, tmp: Path, db_url: str) -> float:
    """Messages per second through a trivial actor that writes one row each: enqueue all, then time
    until all rows are there."""
    import asyncpg

    sys.path.insert(0, str(ROOT / "bench"))
    os.environ["YJS_BENCH_NOOP_DB"] = db_url
    import noop_actor

    async def sql(query: str) -> int:
        connection = await asyncpg.connect(db_url)
        try:
            return int(await connection.fetchval(query) or 0)
        finally:
            await connection.close()

    asyncio.run(sql("CREATE TABLE IF NOT EXISTS bench_noop (id serial PRIMARY KEY, n int NOT NULL)"))
    log = tmp / "noop.log"
    worker = start([sys.executable, "-m", "dramatiq", "noop_actor", *WORKERS], {"PYTHONPATH": "bench"}, log)
    try:
        wait_for("is ready for action", log, count=2)
        begin = time.perf_counter()
        for n in range(messages):
            noop_actor.noop.send(n)
        while asyncio.run(sql("SELECT count(*) FROM bench_noop")) < messages:
            time.sleep(0.01)
        return messages / (time.perf_counter() - begin)
    finally:
        stop(worker)


async def fanout(
    cases: int, db_url: str, tmp: Path, idle_samples: int, idle_s: float
) -> tuple[float, int, list[float]]:
    from tortoise import Tortoise
    from tortoise.transactions import in_transaction

    from bot.app import build_app
    from bot.settings import Settings
    from casework.casework import file_case, item_due_dates, next_case_number
    from handlers.effects import SubmitCase
    from models.ledger import Processed
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
        spy = None
        if profile := os.environ.get("YJS_BENCH_PROFILE"):  # py-spy over both worker processes, collapsed stacks
            py_spy = str(Path(sys.executable).parent / "py-spy")
            spy = subprocess.Popen([py_spy, "record", "--subprocesses", "-f", "raw", "-d", "20", "-o", profile,
                                    "-p", str(worker.pid)])  # fmt: skip
        scenario = app.catalog.scenarios["ev-charger-home"]
        user = await user_for("bench", "resident")
        answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
        items = ("online_channel", "charger_application")
        due = item_due_dates(app.catalog, app.calendar, scenario, items, app.dialogs.now().date())
        gate = asyncio.Semaphore(CONFIRMS)

        async def confirm() -> int:
            """What a confirm commits: the case, its items, its first event and its outbox row."""
            async with gate:
                number = await next_case_number(app.dialogs.now().date())
                effect = SubmitCase(scenario.id, uuid.uuid4().hex, answers, items, {}, "zh_CN")
                async with in_transaction():
                    case = await file_case(effect, number, user.id, scenario, due)
                app.relay.kick()
                return int(case.id)

        async def all_drawn(expected: int) -> None:
            # A case's route claims its key in the transaction that draws its cards: counting the claims
            # (one small row a case, as the baseline counts its rows) counts the cases fully drawn.
            while await Processed.filter(key__startswith="route:").count() < expected // 2:
                await asyncio.sleep(0.02)
            assert await StaffCard.filter(body__not={}).count() >= expected, "a routed case's card is not drawn"

        # 1. The fan-out alone, as the baseline's messages are: the cases filed with the relay stopped,
        # then timed from the relay's start until every department's card is drawn.
        await asyncio.gather(*(confirm() for _ in range(cases)))
        begin = time.perf_counter()
        app.relay.start()
        await all_drawn(cases * 2)
        elapsed = time.perf_counter() - begin
        # 2. End to end: confirms from CONFIRMS residents at once, each routed as it commits.
        begin = time.perf_counter()
        await asyncio.gather(*(confirm() for _ in range(cases)))
        filed = time.perf_counter() - begin
        await all_drawn(cases * 4)
        whole = time.perf_counter() - begin
        print(f"  end to end, {CONFIRMS} residents confirming at once: {cases / whole:.1f} cases/s "
              f"(the confirms alone: {cases / filed:.1f} cases/s)", flush=True)  # fmt: skip
        await where_the_time_goes()
        idle = []
        for _ in range(idle_samples):  # the system idle, then one confirm: how soon is the first card there?
            await asyncio.sleep(idle_s)
            number = await next_case_number(app.dialogs.now().date())
            effect = SubmitCase(scenario.id, uuid.uuid4().hex, answers, items, {}, "zh_CN")
            confirmed = time.perf_counter()
            async with in_transaction():
                case = await file_case(effect, number, user.id, scenario, due)
            app.relay.kick()
            while not await StaffCard.filter(case_id=case.id, body__not={}).exists():
                await asyncio.sleep(0.002)
            idle.append((time.perf_counter() - confirmed) * 1000)
        if spy is not None:
            spy.wait(60)
        await app.close()
        return cases / elapsed, cases * 2, idle
    finally:
        stop(worker)


async def where_the_time_goes() -> None:
    """Medians along each case's path, from the rows' own times: queued -> sent by the relay -> done by the actor."""
    from models.ledger import Processed
    from models.outbox import Outbox

    done = {p.key: p.created_at for p in await Processed.all()}
    for prefix in ("route:", "draw:"):
        rows = await Outbox.filter(key__startswith=prefix, sent_at__not_isnull=True)
        waits = sorted((r.sent_at - r.created_at).total_seconds() * 1000 for r in rows)
        runs = sorted((done[r.key] - r.sent_at).total_seconds() * 1000 for r in rows if r.key in done)
        if waits and runs:
            queued, ran = waits[len(waits) // 2], runs[len(runs) // 2]
            print(f"  {prefix:<7} outbox -> sent p50 {queued:6.0f} ms, sent -> done p50 {ran:6.0f} ms, "
                  f"max {runs[-1]:6.0f} ms ({len(rows)} jobs)")  # fmt: skip


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

    from bot.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--idle-samples", type=int, default=8, help="confirms after an idle spell, one at a time")
    parser.add_argument("--idle-seconds", type=float, default=10)
    args = parser.parse_args()
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db_url = asyncio.run(fresh_database())
        try:
            rate, cards, idle = asyncio.run(fanout(args.cases, db_url, tmp, args.idle_samples, args.idle_seconds))
            # Each case is three actor messages (route, and a card per department).
            messages = args.cases * 3
            bare = baseline(messages, tmp, db_url)
        finally:
            asyncio.run(drop_database(db_url))
    print(f"case fan-out, route -> all cards drawn    : {rate:8.1f} cases/s  ({args.cases} cases, {cards} cards)")
    print(f"  as actor messages (3 per case)          : {rate * 3:8.1f} msg/s")
    print(f"baseline trivial actor, same Redis/workers: {bare:8.1f} msg/s")
    print(f"ratio fan-out msg/s / trivial msg/s       : {rate * 3 / bare:8.2f}  (target >= 0.5)")
    if idle:
        idle.sort()
        p50, p99 = idle[len(idle) // 2], idle[min(len(idle) - 1, int(len(idle) * 0.99))]
        print(f"after {args.idle_seconds:.0f} s idle, confirm -> first card: p50 {p50:.0f} ms, p99 {p99:.0f} ms "
              f"({len(idle)} confirms; the p99 of so few is their slowest; target 100 / 300 ms; "
              f"worker timeout {Settings.from_env().queue.worker_timeout_ms} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
