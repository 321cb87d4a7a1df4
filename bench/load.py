"""Residents over real HTTP against the production topology on this machine, counting every message.

2 `yijianshi serve` + 2 `yijianshi worker` (the Procfile's commands) on PostgreSQL and Redis, with the
fake Bot API of the tests standing in for Telegram on loopback. Each resident, on Telegram (webhook
updates, some sent twice as Telegram re-sends them) or the web chat (JSON API, each request to either
serve process), asks a question, walks a scenario with an upload per document, confirms, and asks for
the status; staff act on the resulting cards through the staff API (accept, then approve), which
sends status notices back. Reported: throughput, p50/p99 of a dialog step, confirm to the last
department card, memory per process, and every message counted: each resident's message answered
once (the conversation's saved steps match what was sent), each card posted once, each notice
received once. Exits 1 if anything was lost or doubled.

    make load [RESIDENTS=200]     (starts its own PostgreSQL and Redis, like make test)
    python bench/load.py --residents 200   with YJS_TEST_POSTGRES_URL and YJS_TEST_REDIS_URL set
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import itertools
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_telegram import FakeTelegram, _params, callback, private_message  # noqa: E402
from scenario_walk import walk  # noqa: E402

from bot.locks import LOCK_PREFIX  # noqa: E402
from bot.staff.passwords import hash_password  # noqa: E402
from casework.casework import CASE_PREFIX  # noqa: E402
from casework.jobs import Job  # noqa: E402
from handlers.cards import CardPress  # noqa: E402
from handlers.catalog import load_catalog  # noqa: E402
from handlers.conversation import Conversation  # noqa: E402
from handlers.lifecycle import OPEN_CASES, StaffAction  # noqa: E402
from models.case import Case, CaseEvent  # noqa: E402
from models.conversation import ConversationState  # noqa: E402
from models.db import close_db, open_db  # noqa: E402
from models.outbox import Outbox  # noqa: E402
from models.staff import Role, StaffCard, StaffMember  # noqa: E402
from models.user import User  # noqa: E402

TOKEN = "123456:LOAD-token-for-the-local-bot-api"
SECRET = "load-webhook-secret"
#: The short scenarios, so a run measures many residents rather than long forms.
SCENARIOS = ["social-security-card", "unemployment-insurance", "vehicle-inspection", "ev-charger-home"]
QUESTIONS = ["充电桩怎么申请？", "社保卡丢了怎么办", "车辆年检需要什么材料"]
#: A status notice (push.accept / approve / reject): "办件 <number>（<name>）：…".
NOTICE = re.compile(r"^办件 (\S+)（")
NUMBER = re.compile(re.escape(CASE_PREFIX) + r"\d{8}-\d{4,}")
#: Seconds a resident waits for the answer to one message before it counts as lost.
ANSWER_WAIT = 60.0
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class Lost(Exception):
    """A message that got no answer in time, or a request refused."""


class Enough(Exception):
    """A resident who leaves a form half done (their conversation stays open)."""


@dataclass
class Tally:
    """What every resident and the staff did and got, summed."""

    steps: list[float] = field(default_factory=list)  # seconds from sending to the first reply
    sent: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    submitted: dict[str, float] = field(default_factory=dict)  # case number -> monotonic time of confirm
    residents: dict[tuple[str, str], Any] = field(default_factory=dict)  # (channel, ref) -> talker
    decisions: int = 0


# -- the Bot API on loopback ---------------------------------------------------------------------
class BotApi(FakeTelegram):
    """The tests' fake Bot API, keeping per chat only what the count needs (not every call)."""

    def __init__(self) -> None:
        super().__init__(TOKEN)
        self.inbox: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.notices: dict[int, list[str]] = defaultdict(list)
        self.cards: dict[tuple[int, str], list[float]] = defaultdict(list)  # (group, number) -> posted at
        self.waiting: dict[int, asyncio.Event] = {}
        #: The topology's Redis, where a step holds its person's lock (set by run()).
        self.redis: Any = None

    async def stepping(self, chat: str) -> bool:
        """Whether a step of this chat holds the person's lock now."""
        return bool(await self.redis.exists(f"{LOCK_PREFIX}telegram:{chat}"))

    async def method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await _params(request)
        handler = getattr(self, f"_{request.match_info['method']}", None)
        result = await handler(params) if handler else True
        return web.json_response({"ok": True, "result": result})

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, text = int(params["chat_id"]), str(params.get("text", ""))
        if chat < 0:
            for number in set(NUMBER.findall(text)):
                self.cards[(chat, number)].append(time.monotonic())
        elif NOTICE.match(text):
            self.notices[chat].append(text)
        else:
            buttons = [
                b["callback_data"] for row in (params.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
            ]
            self.inbox[chat].append({"at": time.monotonic(), "buttons": buttons})
            if event := self.waiting.get(chat):
                event.set()
        return await super()._sendMessage(params)


# -- residents -----------------------------------------------------------------------------------
class Resident:
    """What walk() needs of a chat: send, say, tap, upload, state; over HTTP here."""

    channel = ""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.ref = ""
        self.cases: list[str] = []
        self.messages = 0  # messages sent that the engine takes as a step
        self.limit = 0  # leave after this many messages (0: finish)
        self.submitting = 0.0

    def count(self) -> None:
        if self.limit and self.messages >= self.limit:
            raise Enough
        self.messages += 1

    async def say(self, text: str) -> Any:
        return await self.send("text", text)

    async def tap(self, action: str) -> Any:
        data = await self.button(action)
        if action == "submit":
            self.submitting = time.monotonic()
            if isinstance(self, WebResident):
                self.floor = max(self.seen, default=0)
        return await self.send("button", data)

    async def send(self, kind: str, text: str = "", **extra: Any) -> Any:
        raise NotImplementedError

    async def button(self, action: str) -> str:
        raise NotImplementedError

    async def state(self) -> Conversation:
        user = await User.get(channel=self.channel, external_id=self.ref)
        row = await ConversationState.get_or_none(user_id=user.id)
        return Conversation.from_json(row.state if row else {})

    def today(self) -> dt.date:
        return dt.datetime.now(SHANGHAI).date()


def matching(buttons: list[str], action: str) -> str | None:
    return next((b for b in reversed(buttons) if b.split("|", 1)[-1].startswith(action)), None)


class WebResident(Resident):
    channel = "web"

    def __init__(self, tally: Tally, http: aiohttp.ClientSession, bases: list[str]) -> None:
        super().__init__(tally)
        self.http, self.bases, self.turn = http, bases, itertools.count()
        self.auth: dict[str, str] = {}
        self.buttons: list[str] = []
        self.seen: set[int] = set()  # ids of messages that answered a request
        self.pushed: dict[int, str] = {}  # status notices by message id
        self.floor = 0  # the newest message before the case was filed: notices come after it

    @property
    def notices(self) -> list[str]:
        return list(self.pushed.values())

    def base(self) -> str:  # any serve process may take any request: nothing is sticky
        return self.bases[next(self.turn) % len(self.bases)]

    async def open(self) -> None:
        async with self.http.post(self.base() + "/api/session", json={"lang": "zh_CN"}) as response:
            body = await response.json()
        self.ref, self.auth = body["user"], {"Authorization": f"Bearer {body['token']}"}

    async def send(self, kind: str, text: str = "", **extra: Any) -> Any:
        return await self._answered("/api/events", json={"type": kind, "text": text})

    async def upload(self, name: str, data: bytes, group: str | None = None) -> Any:
        form = aiohttp.FormData()
        form.add_field("file", data, filename=name)
        return await self._answered("/api/files", data=form)

    async def _answered(self, path: str, **body: Any) -> Any:
        self.count()
        self.tally.sent["web"] += 1
        started = time.monotonic()
        async with self.http.post(self.base() + path, headers=self.auth, **body) as response:
            if response.status != 200:
                raise Lost(f"web {path} answered {response.status}: {(await response.text())[:200]}")
            messages = (await response.json())["messages"]
        self.tally.steps.append(time.monotonic() - started)
        bot = [m for m in messages if m.get("from", m.get("sender")) != "user"]
        if not bot:
            raise Lost(f"web {path}: no reply")
        self.seen.update(int(m["id"]) for m in messages if "id" in m)
        self.buttons = [b["data"] for m in messages for b in m.get("buttons") or []]
        return messages

    async def button(self, action: str) -> str:
        found = matching(self.buttons, action)
        if found is None:
            raise Lost(f"web: no {action} button")
        return found

    async def collect(self, wait: int) -> None:
        """The pushed messages (status notices) waiting for this page: what no request was answered with."""
        url = self.base() + f"/api/messages?after={self.floor}&wait={wait}"
        async with self.http.get(url, headers=self.auth) as response:
            messages = (await response.json())["messages"]
        for m in messages:
            if int(m["id"]) not in self.seen and NOTICE.match(m.get("text") or ""):
                self.pushed[int(m["id"])] = m["text"]


class TelegramResident(Resident):
    channel = "telegram"
    _ids = itertools.count(10_000_000)

    def __init__(self, tally: Tally, http: aiohttp.ClientSession, bases: list[str], api: BotApi, resend: bool) -> None:
        super().__init__(tally)
        self.http, self.bases, self.api, self.resend = http, bases, api, resend
        self.chat = next(self._ids)
        self.ref = str(self.chat)
        self.mark = 0
        self.last = ""
        self.messages_ids = itertools.count(1)
        self.files = itertools.count(1)

    @property
    def notices(self) -> list[str]:
        return self.api.notices[self.chat]

    async def send(self, kind: str, text: str = "", **extra: Any) -> Any:
        if kind == "button":
            body = {"callback_query": callback(self.chat, self.chat, text)}
        else:
            body = {"message": private_message(self.chat, next(self.messages_ids), text=text)}
        return await self._answered(body)

    async def upload(self, name: str, data: bytes, group: str | None = None) -> Any:
        file_id = f"f{self.chat}x{next(self.files)}"
        self.api.add_file(file_id, data)
        mime = "image/jpeg" if name.endswith(".jpg") else "application/pdf"
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id, "file_name": name}
        document |= {"mime_type": mime, "file_size": len(data)}
        return await self._answered({"message": private_message(self.chat, next(self.messages_ids), document=document)})

    async def _answered(self, body: dict[str, Any]) -> None:
        self.count()
        inbox = self.api.inbox[self.chat]
        before = await self.version()
        self.mark = len(inbox)
        update = self.api.update(**body)
        self.api.updates.clear()  # nobody polls: the updates go by webhook
        self.tally.sent["telegram"] += 1
        started = time.monotonic()
        await self._post(update)
        if self.resend:  # as Telegram re-sends an update it thinks was not taken: must not be a second step
            await self._post(update)
        self.last = json.dumps(body, ensure_ascii=False)[:300]
        await self._wait(lambda: len(inbox) > self.mark)
        # A step answers in several messages, and the last of them may come after the person has moved on.
        # Taken as the answer to the next update, it let the walk read the conversation while that update's
        # step was still being saved (a submit between its two saves still shows the review page, so the
        # walk pressed submit again and waited a minute for a button that never came), or run ahead of the
        # bot one update more each time, queued behind the person's lock (the 10,000 run's late replies).
        # So an answer counts once this update's step has saved and let go of the person's lock: its replies
        # are sent after that, and the conversation the walk reads next is the step's last.
        while await self.version() <= before or await self.api.stepping(self.ref):
            if time.monotonic() - started > ANSWER_WAIT:
                raise Lost(f"telegram {self.chat}: step not over in {ANSWER_WAIT:.0f} s: {self.last}")
            await self._wait(functools.partial(_grew, inbox, len(inbox)), quiet=0.1)
        self.tally.steps.append(time.monotonic() - started)

    async def version(self) -> int:
        """How many steps of this chat are saved (0 before its first)."""
        rows = await ConversationState.filter(user__channel=self.channel, user__external_id=self.ref).values_list(
            "version", flat=True
        )
        return int(rows[0]) if rows else 0

    async def _post(self, update: dict[str, Any]) -> None:
        base = self.bases[update["update_id"] % len(self.bases)]
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.http.post(base + "/telegram/webhook", json=update, headers=headers) as response:
            if response.status != 200:
                raise Lost(f"telegram webhook answered {response.status}")

    async def _wait(self, ready: Any, quiet: float = 0.0) -> None:
        """Until `ready()`; with `quiet`, also returns after that many seconds without a message."""
        event = self.api.waiting.setdefault(self.chat, asyncio.Event())
        deadline = time.monotonic() + (quiet or ANSWER_WAIT)
        while not ready():
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), max(deadline - time.monotonic(), 0.01))
            except TimeoutError:
                if quiet:
                    return
                if not ready():
                    raise Lost(f"telegram {self.chat}: no reply in {ANSWER_WAIT:.0f} s to {self.last}") from None

    async def button(self, action: str) -> str:
        inbox = self.api.inbox[self.chat]
        found: list[str] = []

        def there() -> bool:
            found[:] = [b for m in inbox[self.mark :] for b in m["buttons"]]
            return matching(found, action) is not None

        await self._wait(there)
        return matching(found, action) or ""


def _grew(inbox: list[dict[str, Any]], seen: int) -> bool:
    return len(inbox) > seen


async def resident_life(person: Resident, catalog: Any, scenario: str, kind: str, ask: bool) -> None:
    """One resident: files a case (`file`), leaves a form half done (`partial`), or only asks (`browse`)."""
    tally = person.tally
    try:
        if isinstance(person, WebResident):
            await person.open()
        tally.residents[(person.channel, person.ref)] = person
        if ask or kind == "browse":
            await person.send("command", "/start")
            await person.say(random.choice(QUESTIONS))
        if kind != "browse":
            person.limit = person.messages + 8 if kind == "partial" else 0
            with contextlib.suppress(Enough):
                if number := await walk(person, catalog.get(scenario)):  # type: ignore[arg-type]
                    person.cases.append(number)
                    tally.submitted[number] = person.submitting
            person.limit = 0
        await person.send("command", "/status")
    except Lost as exc:
        tally.lost.append(str(exc))
    except Exception as exc:  # a walk that could not finish is reported, not hidden
        tally.lost.append(f"{person.channel} {person.ref}: {type(exc).__name__}: {exc}"[:300])


# -- staff -----------------------------------------------------------------------------------------
async def staff_desk(
    http: aiohttp.ClientSession, bases: list[str], department: str, tally: Tally, done: asyncio.Event
) -> None:
    """A department's clerk on the staff page: accepts, then approves, every item on its open cards."""
    base = bases[hash(department) % len(bases)]
    # Signed in as the department's clerk (a password, a cookie session and its CSRF token), on a
    # session of its own so that each desk keeps its own cookie.
    signin = {"login": desk_login(department), "password": DESK_PASSWORD}
    # unsafe=True: the jar keeps cookies from an IP address (the topology listens on 127.0.0.1).
    async with aiohttp.ClientSession(timeout=http.timeout, cookie_jar=aiohttp.CookieJar(unsafe=True)) as own:
        async with own.post(base + "/api/staff/signin", json=signin, headers={"Origin": base}) as response:
            if response.status != 200:
                tally.lost.append(f"desk {department}: sign-in answered {response.status}")
                return
            csrf = (await response.json())["csrf"]
        await _work_cards(own, base, department, {"X-CSRF-Token": csrf, "Origin": base}, tally, done)


async def _work_cards(
    http: aiohttp.ClientSession, base: str, department: str, auth: dict[str, str], tally: Tally, done: asyncio.Event
) -> None:
    idle_rounds = 0
    while idle_rounds < 3 or not done.is_set():
        async with http.get(base + f"/api/staff/cards?department={department}", headers=auth) as response:
            listing = await response.json()
        if response.status != 200:
            raise RuntimeError(f"the card list answered {response.status}: {listing}")
        cards = listing["cards"]
        acted = 0
        for card in cards:
            while card is not None and (press := _next_press(card)):
                async with http.post(base + "/api/staff/actions", json={"data": press}, headers=auth) as response:
                    body = await response.json()
                if response.status != 200 or not body.get("ok"):
                    break  # changed meanwhile (another clerk, a redraw): the next listing shows it
                tally.decisions += 1
                acted += 1
                card = body.get("card")
        idle_rounds = 0 if acted else idle_rounds + 1
        if not acted:
            await asyncio.sleep(0.5)


#: The desk accounts the load test signs in with (made in its own database before the run).
DESK_PASSWORD = "load-test-desk-password"


def desk_login(department: str) -> str:
    return f"load-{department}"


async def make_desks(departments: list[str]) -> None:
    """A clerk's desk account with a password for every department the run's cases reach."""
    hashed = hash_password(DESK_PASSWORD)
    for department in departments:
        await StaffMember.get_or_create(
            channel="web",
            external_id=desk_login(department),
            defaults={"name": f"压测·{department}", "department": department, "role": Role.CLERK,
                      "login": desk_login(department), "password_hash": hashed},
        )  # fmt: skip


def _next_press(card: dict[str, Any]) -> str | None:
    if card.get("closed"):
        return None
    presses = [p for b in card.get("buttons") or [] if (p := CardPress.unpack(str(b.get("data", ""))))]
    for action in (StaffAction.ACCEPT, StaffAction.APPROVE):
        for press in presses:
            if press.action == action:
                return f"{CardPress.PREFIX}:{press.card_id}:{press.version}:{press.action}:{press.item_id}"
    return None


# -- the topology ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Topology:
    serve: list[subprocess.Popen[bytes]]
    workers: list[subprocess.Popen[bytes]]
    bases: list[str]
    logs: Path

    def stop(self) -> None:
        for process in [*self.serve, *self.workers]:
            process.terminate()
        for process in [*self.serve, *self.workers]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


async def start_topology(env: dict[str, str], logs: Path, serve: int, workers: int) -> Topology:
    """The processes; awaited, since the Bot API they call at start is served by this event loop."""

    def run(argv: list[str], extra: dict[str, str], name: str) -> subprocess.Popen[bytes]:
        with (logs / f"{name}.log").open("wb") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "bot", *argv], cwd=ROOT, env={**os.environ, **env, **extra},
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    ports = [free_port() for _ in range(serve)]
    web = [run(["serve"], {"YJS_PORT": str(p)}, f"serve-{i}") for i, p in enumerate(ports)]
    work = [run(["worker", "--processes", "1", "--threads", "8"], {}, f"worker-{i}") for i in range(workers)]
    topology = Topology(web, work, [f"http://127.0.0.1:{p}" for p in ports], logs)
    deadline = time.monotonic() + 120
    for name, text in [
        *((f"serve-{i}", "web on http") for i in range(serve)),
        *((f"worker-{i}", "worker ready") for i in range(workers)),
    ]:
        while text not in (logs / f"{name}.log").read_text(errors="replace"):
            if time.monotonic() > deadline:
                topology.stop()
                raise SystemExit(f"{name} did not start:\n{(logs / f'{name}.log').read_text()[-3000:]}")
            await asyncio.sleep(0.2)
    return topology


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a dramatiq worker forks its worker processes)."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status)[1]) if "VmRSS" in status else 0  # type: ignore[index]
        pids += [int(c) for c in children]
    return total / 1024


# -- the count ------------------------------------------------------------------------------------
async def expected_notices() -> Counter[tuple[str, str]]:
    """Status notices the system queued, per (channel, ref) of the person told (the filer here)."""
    rows = await Outbox.filter(actor=Job.PUSH_STATUS).values("payload")
    event_ids = [int(row["payload"]["event_id"]) for row in rows]
    counts: Counter[tuple[str, str]] = Counter()
    for event in await CaseEvent.filter(id__in=event_ids).prefetch_related("case__user"):
        counts[(event.case.user.channel, event.case.user.external_id)] += 1
    return counts


async def conversation_steps() -> dict[tuple[str, str], int]:
    """Saves of each conversation: one per message taken as a step, one more per case filed (its receipt)."""
    rows = await ConversationState.all().prefetch_related("user")
    return {(r.user.channel, r.user.external_id): r.version for r in rows}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] if ordered else float("nan")


async def run(args: argparse.Namespace) -> int:
    server = os.environ.get("YJS_TEST_POSTGRES_URL") or sys.exit("YJS_TEST_POSTGRES_URL is not set (see .ci/load.sh)")
    queue = os.environ.get("YJS_TEST_REDIS_URL") or sys.exit("YJS_TEST_REDIS_URL is not set (see .ci/load.sh)")
    # A database and a Redis db of its own, made anew: the test suite's are left alone.
    postgres, redis_url = server.rsplit("/", 1)[0] + "/yijianshi_load", queue.rsplit("/", 1)[0] + "/2"
    conn = await asyncpg.connect(server)
    await conn.execute("DROP DATABASE IF EXISTS yijianshi_load")
    await conn.execute("CREATE DATABASE yijianshi_load")
    await conn.close()
    await open_db(postgres, create_schema=True)  # the schema aerich would make; this process reads it for the count
    import redis
    import redis.asyncio

    redis.Redis.from_url(redis_url).flushdb()
    catalog = load_catalog()
    departments = sorted(
        {i.department for s in SCENARIOS for i in catalog.scenarios[s].items}
        | {d for s in SCENARIOS for d in catalog.scenarios[s].lead_departments}
    )
    groups = {d: -1_000_000 - n for n, d in enumerate(departments)}

    api = BotApi()
    api.redis = redis.asyncio.Redis.from_url(redis_url)
    runner = web.AppRunner(api.app(), access_log=None)
    await runner.setup()
    api_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", api_port).start()
    logs = Path(tempfile.mkdtemp(prefix="yjs-load-"))
    unlimited = "1000000/minute"
    env = {
        "YJS_DATABASE_URL": postgres, "YJS_REDIS_URL": redis_url, "YJS_DATA_DIR": str(logs / "data"),
        "YJS_SECRET": "load-test-secret-of-enough-length", "YJS_STAFF_DEMO": "1", "YJS_TTS": "off",
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{api_port}/bot",
        "TELEGRAM_API_FILE_URL": f"http://127.0.0.1:{api_port}/file/bot",
        "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "YJS_TELEGRAM_RATE_LIMIT": "off",
        "YJS_TELEGRAM_STAFF_CHATS": ",".join(f"{d}={g}" for d, g in groups.items()),
        "YJS_RATE_SESSIONS": unlimited, "YJS_RATE_MESSAGES": unlimited, "YJS_RATE_MESSAGES_ADDRESS": unlimited,
        "YJS_RATE_UPLOADS": unlimited, "YJS_UPLOAD_MB_PER_SESSION_HOUR": "100000",
        "YJS_UPLOAD_MB_PER_ADDRESS_HOUR": "1000000", "YJS_CLAMD_SOCKET": "",
    }  # fmt: skip
    topology = await start_topology(env, logs, args.serve, args.workers)
    print(f"topology: {args.serve} serve {topology.bases}, {args.workers} worker; logs in {logs}", flush=True)
    tally = Tally()
    rss_idle = {f"serve-{i}": rss_mb(p.pid) for i, p in enumerate(topology.serve)}
    rss_idle |= {f"worker-{i}": rss_mb(p.pid) for i, p in enumerate(topology.workers)}
    rss_peak: dict[str, float] = dict(rss_idle)
    limits = aiohttp.TCPConnector(limit=args.concurrency * 2)
    try:
        async with aiohttp.ClientSession(connector=limits, timeout=aiohttp.ClientTimeout(total=ANSWER_WAIT)) as http:
            residents_done = asyncio.Event()
            await make_desks(departments)
            desks = [
                asyncio.create_task(staff_desk(http, topology.bases, d, tally, residents_done)) for d in departments
            ]
            gate = asyncio.Semaphore(args.concurrency)
            rng = random.Random(16)
            started = time.monotonic()
            stop_at = started + args.duration

            async def one(n: int) -> None:
                async with gate:
                    if time.monotonic() > stop_at:
                        return
                    if rng.random() < args.telegram:
                        person: Resident = TelegramResident(tally, http, topology.bases, api, rng.random() < 0.05)
                    else:
                        person = WebResident(tally, http, topology.bases)
                    draw = rng.random()
                    kind = "file" if draw < args.file else "partial" if draw < args.file + args.partial else "browse"
                    await resident_life(person, catalog, SCENARIOS[n % len(SCENARIOS)], kind, rng.random() < 0.3)

            async def sample_memory() -> None:
                while True:
                    await asyncio.sleep(2)
                    for i, p in enumerate(topology.serve):
                        rss_peak[f"serve-{i}"] = max(rss_peak[f"serve-{i}"], rss_mb(p.pid))
                    for i, p in enumerate(topology.workers):
                        rss_peak[f"worker-{i}"] = max(rss_peak[f"worker-{i}"], rss_mb(p.pid))

            sampler = asyncio.create_task(sample_memory())
            await asyncio.gather(*(one(n) for n in range(args.residents)))
            dialog_seconds = time.monotonic() - started
            residents_done.set()
            # Staff finish the cards; the notices their decisions cause reach everyone.
            await asyncio.wait(desks, timeout=args.settle)
            for desk in desks:
                if desk.done() and not desk.cancelled() and (failure := desk.exception()):
                    tally.lost.append(f"a staff desk failed: {type(failure).__name__}: {failure}"[:300])
                desk.cancel()
            settle_until = time.monotonic() + args.settle
            expected = await expected_notices()
            while time.monotonic() < settle_until:
                web_people = [p for p in tally.residents.values() if isinstance(p, WebResident) and p.cases]
                await asyncio.gather(*(p.collect(0) for p in web_people))
                expected = await expected_notices()
                carded = {c.case.number for c in await StaffCard.all().prefetch_related("case")}
                posted = {number for (_, number) in api.cards}
                if carded <= posted and all(
                    len(p.notices) >= expected[(p.channel, p.ref)] for p in tally.residents.values()
                ):
                    break
                await asyncio.sleep(1)
            sampler.cancel()
            total_seconds = time.monotonic() - started
            rss_end = {f"serve-{i}": rss_mb(p.pid) for i, p in enumerate(topology.serve)}
            rss_end |= {f"worker-{i}": rss_mb(p.pid) for i, p in enumerate(topology.workers)}
            steps = await conversation_steps()
            memory = {k: (rss_idle[k], rss_peak[k], rss_end[k]) for k in rss_idle}
            return await report(args, tally, api, expected, steps, (dialog_seconds, total_seconds), memory)
    finally:
        topology.stop()
        await runner.cleanup()
        await api.redis.aclose()
        await close_db()


async def report(
    args: argparse.Namespace,
    tally: Tally,
    api: BotApi,
    expected: Counter[tuple[str, str]],
    steps: dict[tuple[str, str], int],
    seconds: tuple[float, float],
    memory: dict[str, tuple[float, float, float]],
) -> int:
    dialog_seconds, total_seconds = seconds
    problems = list(tally.lost)
    # Each message sent is one step saved, and each case filed one more (its receipt): fewer is a lost
    # message, more a doubled one (a re-sent Telegram update taken twice).
    for key, person in tally.residents.items():
        saved = steps.get(key, 0)
        want = person.messages + len(person.cases)
        if saved != want and not any(person.ref in p for p in tally.lost):
            problems.append(f"{key}: {person.messages} messages and {len(person.cases)} cases, {saved} steps saved")
    notices_got = notices_doubled = notices_lost = 0
    for key, person in tally.residents.items():
        got = Counter(person.notices)
        notices_got += sum(got.values())
        notices_doubled += sum(n - 1 for n in got.values() if n > 1)
        if missing := max(expected[key] - len(got), 0):
            notices_lost += missing
            problems.append(f"{key}: {missing} of {expected[key]} notices not received")
    cards = await StaffCard.all().prefetch_related("case")
    posted = {number for (_, number) in api.cards}
    cards_doubled = sum(len(times) - 1 for times in api.cards.values() if len(times) > 1)
    cards_lost = sum(1 for c in cards if c.case.number not in posted)
    if notices_doubled or notices_lost or cards_doubled or cards_lost:
        problems.append(
            f"notices lost {notices_lost} doubled {notices_doubled}; cards lost {cards_lost} doubled {cards_doubled}"
        )
    to_last_card = []
    for number, at in tally.submitted.items():
        times = [min(t) for (_, n), t in api.cards.items() if n == number]
        if times:
            to_last_card.append(max(times) - at)
    cases = await Case.all().count()
    # Cases still open when counted (a count, not a loss): the desks stop after three idle looks once the
    # residents are done, and only accept and approve.
    undecided = await Case.filter(status__in=list(OPEN_CASES)).count()
    residents = len(tally.residents)
    sent = sum(tally.sent.values())
    lines = [
        f"residents {residents} ({sum(1 for k in tally.residents if k[0] == 'telegram')} on Telegram), "
        f"cases filed {cases}, staff decisions {tally.decisions}, cases left open by the staff {undecided}",
        f"messages sent {sent} (web {tally.sent['web']}, telegram {tally.sent['telegram']}) in {dialog_seconds:.0f} s: "
        f"{sent / dialog_seconds:.0f} dialog steps/s",
        f"dialog step (request to first reply): p50 {percentile(tally.steps, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(tally.steps, 0.99) * 1000:.0f} ms",
        f"confirm to last department card: p50 {percentile(to_last_card, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(to_last_card, 0.99) * 1000:.0f} ms, max {max(to_last_card, default=0):.1f} s "
        f"({len(to_last_card)} cases)",
        f"cards posted {len(api.cards)} of {len(cards)}; "
        f"notices received {notices_got} of {sum(expected.values())} queued",
        "memory (RSS MB, idle -> peak -> end): "
        + ", ".join(f"{k} {idle:.0f} -> {peak:.0f} -> {end:.0f}" for k, (idle, peak, end) in memory.items()),
        f"whole run {total_seconds:.0f} s",
    ]
    print("\n".join(lines))
    if problems:
        print(f"FAILED: {len(problems)} problems; the first ones:")
        print("\n".join(f"  {p}" for p in problems[:20]))
        return 1
    print("OK: every message answered once, every card posted once, every notice received once")
    if args.json:
        Path(args.json).write_text(json.dumps({"lines": lines}, ensure_ascii=False, indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=200, help="residents chatting at the same time")
    parser.add_argument("--telegram", type=float, default=0.5, help="share of residents on Telegram")
    parser.add_argument("--file", type=float, default=0.3, help="share of residents who file a case")
    parser.add_argument("--partial", type=float, default=0.4, help="share who leave a form half done")
    parser.add_argument("--serve", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=3600, help="no new resident starts after this many seconds")
    parser.add_argument("--settle", type=float, default=300, help="seconds for staff and notices after the residents")
    parser.add_argument("--json", help="also write the figures here")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
