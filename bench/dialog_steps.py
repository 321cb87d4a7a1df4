"""Durable dialog steps per second: residents walk the EV charger scenario at once.

Every step goes through the real runtime (user lock, load, engine, one transaction
that saves the conversation, shared with other residents' steps by the group commit)
on a SQLite file. The baseline, measured in the same run on the same file, is the bare
load-and-save of one state row per step through the same group commit: what any
durable dialog with the same batching pays. The ratio says what the engine costs.

``--residents N`` puts N residents in the database (N - walkers of them with an open
conversation, bulk-inserted) before the walkers start: steps/s should not depend on N.
``--memory N`` then opens N conversations (each walked to its first upload) and reports
what they add to the process (tracemalloc and RSS).

    python bench/dialog_steps.py [--walkers 1000] [--residents 100000] [--memory 10000]

A reply the script does not expect stops the run with the resident, the step and the
replies (never a hang); the whole run is bounded by --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from bot.files import FileStore
from bot.runtime import Runtime
from casework.commits import GroupCommit, Part
from casework.repository import ADVANCES
from handlers.catalog import load_catalog
from handlers.events import InboundEvent, IncomingFile, Reply
from handlers.search import searcher_for
from models.conversation import Advance, ConversationState
from models.db import close_db, now, open_db
from models.user import User


@dataclass(frozen=True)
class Step:
    """What the resident sends, and a text the replies must then hold (a step's heading, a button)."""

    kind: str  # text, tap (a button of the last replies, by action), file, command, button (raw data)
    text: str
    expect: str


#: The EV charger walk as the dialog asks it now: the privacy notice after 开始办理, the questions
#: deciding what applies first (own space, property agrees), the applicant, then the uploads.
SCRIPT = [
    Step("command", "/start", ""),
    Step("button", "*|sc:ev-charger-home", "|start"),
    Step("tap", "start", "|privacy:yes"),
    Step("tap", "privacy:yes", "第 1/12 步"),
    Step("text", "1", "第 2/12 步"),
    Step("text", "是", "第 3/12 步"),
    Step("text", "张三", "第 4/12 步"),
    Step("text", "371302198506120027", "第 5/12 步"),
    Step("text", "13800138000", "第 6/12 步"),
    Step("text", "临港区滨海路8号阳光小区3号楼", "第 7/12 步"),
    Step("text", "1", "第 8/12 步"),  # the charger's power; next: the ID card photos
    Step("file", "", "第 8/12 步"),  # front: the ID card step waits for the back
    Step("file", "", "第 9/12 步"),  # back: the space certificate
    Step("file", "", "|pages_done"),
    Step("tap", "pages_done", "|later"),  # the property's letter can come later
    Step("tap", "later", "第 12/12 步"),
    Step("file", "", "|pages_done"),
    Step("tap", "pages_done", "|submit"),
    Step("tap", "submit", "LG"),
]
#: Where --memory leaves each conversation open: at its first upload.
OPEN_AT = 11


class UnexpectedReply(AssertionError):
    pass


def _seen(replies: list[Reply]) -> str:
    return "\n".join(r.text + " " + " ".join(b.data for b in r.buttons) for r in replies)


async def walk(dialogs: Runtime, user: str, photo: IncomingFile, script: list[Step] = SCRIPT) -> int:
    """One resident's walk; raises UnexpectedReply, naming the step, at the first reply the script did not expect."""
    replies: list[Reply] = []
    for n, step in enumerate(script):
        kind, text, files = step.kind, step.text, (photo,) if step.kind == "file" else ()
        if kind == "tap":
            found = [b.data for r in replies for b in r.buttons if b.data.split("|", 1)[1].startswith(text)]
            if not found:
                raise UnexpectedReply(f"{user} step {n}: no {text!r} button in:\n{_seen(replies)}")
            kind, text = "button", found[0]
        replies = await dialogs.handle(InboundEvent("bench", user, kind, text=text, files=files))  # type: ignore[arg-type]
        if step.expect not in _seen(replies):
            raise UnexpectedReply(f"{user} step {n} ({step.kind} {step.text!r}): expected {step.expect!r} in:\n"
                                  f"{_seen(replies)}")  # fmt: skip
    return len(script)


async def bare_steps(commits: GroupCommit, cache: dict[int, str], user_id: int, steps: int) -> None:
    """The baseline: per step, load the state (from memory, as the runtime does), change it, save the one
    row through the same group commit with the same optimistic version check and the same batching (the
    runtime's own stage: one UPDATE for the rows of a whole batch)."""
    for _ in range(steps):
        state = json.loads(cache[user_id])
        version = state["n"]
        state["n"] = version + 1
        text = json.dumps(state)
        await commits.run(parts=[Part(ADVANCES, Advance(user_id, version, text, None, now()))])
        cache[user_id] = text


def _photo() -> bytes:
    """A real JPEG: kept photos are decoded and re-encoded, so filler bytes would be refused."""
    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


async def _prefill(count: int, state: dict[str, object]) -> None:
    """count residents with an open conversation (a real walker's state), inserted in bulk."""
    moment = now()
    for first in range(0, count, 5000):
        chunk = range(first, min(count, first + 5000))
        await User.bulk_create([User(channel="idle", external_id=f"i{n}", locale="zh_CN") for n in chunk])
        users = await User.filter(channel="idle", external_id__in=[f"i{n}" for n in chunk]).values_list("id", flat=True)
        await ConversationState.bulk_create(
            [
                ConversationState(user_id=u, state=state, scenario="ev-charger-home", version=5, updated_at=moment)
                for u in users
            ]
        )


async def steps_per_second(walkers: int, residents: int, db_url: str, root: Path) -> tuple[float, float]:
    await open_db(db_url)
    try:
        catalog = load_catalog()
        dialogs = Runtime(catalog, searcher_for(catalog))
        photo = await FileStore(root / "files", 1 << 24).stage_bytes("id.jpg", _photo())
        await walk(dialogs, "probe", photo, SCRIPT[:OPEN_AT])
        probe = await User.get(channel="bench", external_id="probe")
        await _prefill(max(0, residents - walkers), (await ConversationState.get(user_id=probe.id)).state)

        start = time.perf_counter()
        steps = sum(await asyncio.gather(*(walk(dialogs, f"u{n}", photo) for n in range(walkers))))
        engine_rate = steps / (time.perf_counter() - start)

        ids = await User.filter(channel="bench", external_id__not="probe").values_list("id", flat=True)
        await ConversationState.filter(user_id__in=ids).update(state={"n": 0}, version=0)
        cache = {uid: json.dumps({"n": 0}) for uid in ids}
        commits = GroupCommit()
        start = time.perf_counter()
        await asyncio.gather(*(bare_steps(commits, cache, uid, len(SCRIPT)) for uid in ids))
        bare_rate = len(SCRIPT) * len(ids) / (time.perf_counter() - start)
    finally:
        await close_db()
    print(f"dialog steps through the runtime : {engine_rate:8.0f} steps/s  ({steps} steps, {walkers} walking, "
          f"{residents} residents)")  # fmt: skip
    print(f"baseline load+save, same batching: {bare_rate:8.0f} steps/s")
    print(f"ratio runtime / baseline         : {engine_rate / bare_rate:8.2f}")
    return engine_rate, bare_rate


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


async def memory(conversations: int, db_url: str, root: Path) -> float:
    """What conversations left open (at their first upload) add to the process: RSS for all of them,
    and tracemalloc (slow) over a further thousand, for the bytes each holds and where."""
    await open_db(db_url)
    try:
        catalog = load_catalog()
        dialogs = Runtime(catalog, searcher_for(catalog))
        photo = await FileStore(root / "files", 1 << 24).stage_bytes("id.jpg", _photo())

        async def open_many(prefix: str, count: int) -> None:
            for first in range(0, count, 1000):
                batch = range(first, min(count, first + 1000))
                await asyncio.gather(*(walk(dialogs, f"{prefix}{n}", photo, SCRIPT[:OPEN_AT]) for n in batch))

        await open_many("warm", 1000)  # imports, compiled templates, pools, allocator arenas
        gc.collect()
        rss_before = _rss_mb()
        await open_many("m", conversations)
        gc.collect()
        rss = _rss_mb() - rss_before
        sample = 1000
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        await open_many("t", sample)
        gc.collect()
        per = (tracemalloc.get_traced_memory()[0] - before) / sample
        top = tracemalloc.take_snapshot().statistics("filename")[:5]
        tracemalloc.stop()
    finally:
        await close_db()
    print(f"memory for {conversations} open conversations: RSS +{rss:.1f} MB ({rss * 1e3 / conversations:.1f} KB each; "
          f"target <= 50 MB); traced over {sample} more: {per / 1e3:.1f} KB each")  # fmt: skip
    for stat in top:
        print(f"    {stat.size / 1e6:6.2f} MB  {stat.traceback[0].filename}")
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--walkers", type=int, default=1000, help="residents walking at once")
    parser.add_argument("--residents", type=int, nargs="*", default=[1000], help="residents in the database")
    parser.add_argument("--memory", type=int, default=0, help="open conversations to weigh (0: skip)")
    parser.add_argument("--db-url", help="default: a fresh SQLite file in a temporary directory per run")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before the whole run is given up")
    args = parser.parse_args()

    async def everything(tmp: Path) -> None:
        rates = []
        for n, residents in enumerate(args.residents):
            url = args.db_url or f"sqlite://{tmp / f'steps{n}.db'}"
            rates.append((residents, *await steps_per_second(min(args.walkers, residents), residents, url, tmp)))
        if len(rates) > 1:
            (few, low, _), (many, high, _) = rates[0], rates[-1]
            print(f"flat: at {many} residents {high / low:.0%} of the figure at {few} (target >= 90%)")
        if args.memory:
            await memory(args.memory, args.db_url or f"sqlite://{tmp / 'memory.db'}", tmp)

    with tempfile.TemporaryDirectory() as folder:
        try:
            asyncio.run(asyncio.wait_for(everything(Path(folder)), args.timeout))
        except TimeoutError:
            raise SystemExit(f"dialog_steps: gave up after {args.timeout:.0f} s") from None


if __name__ == "__main__":
    main()
