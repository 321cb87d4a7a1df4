"""Durable dialog steps per second: 1,000 residents walk the EV charger scenario at once.

Every step goes through the real runtime (user lock, load, engine, one transaction
that saves the conversation) on a SQLite file. The baseline, measured in the same
run on the same kind of file, is the bare tortoise load-and-save of one state row
per step: the floor any durable dialog pays. The ratio says what the engine costs.

    python bench/dialog_steps.py [--users 1000] [--db-url sqlite://...]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image
from tortoise.transactions import in_transaction

from bot.files import FileStore
from bot.runtime import Runtime
from handlers.catalog import load_catalog
from handlers.events import InboundEvent, IncomingFile
from handlers.search import searcher_for
from models.conversation import ConversationState
from models.db import close_db, open_db
from models.user import User

ANSWERS = ["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1", "1", "是"]


def script(photo: IncomingFile) -> list[tuple[str, str, tuple[IncomingFile, ...]]]:
    """The events of one walk; buttons are resolved from the replies as a person would tap them."""
    steps = [("button", "*|sc:ev-charger-home", ()), ("tap", "start", ())]
    steps += [("text", answer, ()) for answer in ANSWERS]
    steps += [("file", "", (photo,)), ("file", "", (photo,)), ("tap", "later", ()), ("file", "", (photo,))]
    return [*steps, ("tap", "submit", ())]


async def walk(dialogs: Runtime, user: str, photo: IncomingFile) -> int:
    replies = await dialogs.handle(InboundEvent("bench", user, "command", "/start"))
    for kind, text, files in script(photo):
        if kind == "tap":
            kind, text = "button", next(b.data for r in replies for b in r.buttons if b.data.endswith(f"|{text}"))
        replies = await dialogs.handle(InboundEvent("bench", user, kind, text=text, files=files))  # type: ignore[arg-type]
    assert "LG" in replies[0].text, replies[0].text
    return len(script(photo)) + 1


async def bare_load_save(user_id: int, steps: int) -> None:
    for n in range(steps):
        row = await ConversationState.get(user_id=user_id)
        async with in_transaction():
            await ConversationState.filter(id=row.id).update(state={**row.state, "n": n}, updated_at=_now())


def _photo() -> bytes:
    """A real JPEG: kept photos are decoded and re-encoded, so filler bytes would be refused."""
    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def measure(users: int, db_url: str, root: Path) -> None:
    await open_db(db_url)
    catalog = load_catalog()
    dialogs = Runtime(catalog, searcher_for(catalog))
    photo = await FileStore(root / "files", 1 << 24).stage_bytes("id.jpg", _photo())

    start = time.perf_counter()
    steps = sum(await asyncio.gather(*(walk(dialogs, f"u{n}", photo) for n in range(users))))
    engine_s = time.perf_counter() - start
    engine_rate = steps / engine_s

    ids = [u.id for u in await User.filter(channel="bench")]
    per_user = steps // len(ids)
    start = time.perf_counter()
    await asyncio.gather(*(bare_load_save(uid, per_user) for uid in ids))
    bare_rate = per_user * len(ids) / (time.perf_counter() - start)
    await close_db()

    print(f"dialog steps through the engine : {engine_rate:8.0f} steps/s  ({steps} steps, {users} users)")
    print(f"baseline bare load+save per step: {bare_rate:8.0f} steps/s")
    print(f"ratio engine / baseline         : {engine_rate / bare_rate:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--db-url", help="default: a fresh SQLite file in a temporary directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db_url or f"sqlite://{Path(tmp) / 'bench.db'}"
        asyncio.run(measure(args.users, url, Path(tmp)))


if __name__ == "__main__":
    main()
