"""The embedded web chat: a phone-style page and a small JSON API over the same engine.

Every message, asked for or pushed, is stored, so a reload shows the history and a
push waits in the database until the page's long poll collects it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

from bot.channels.http import json_body, static_page, strings
from bot.files import FileStore, StorageFull
from bot.runtime import Runtime
from bot.signing import same, sign
from casework.ports import VoiceMaker
from handlers.events import InboundEvent, IncomingFile, Reply
from locales import LOCALES, normalise, translate
from models.user import User, user_for
from models.webchat import WebchatMessage

CHANNEL = "web"
#: Longest text accepted in one message; longer is refused politely, not cut.
MAX_TEXT = 2000
#: Most files taken in one upload (one album).
MAX_FILES = 10
#: Sent with a 503 when the disk is full: when to try again (seconds).
RETRY_LATER = {"Retry-After": "60"}
#: Seconds between database looks while a long poll waits, so pushes made by other processes arrive too.
POLL_SLICE = 2.0


class WebchatInbox:
    """The push side of the web chat: messages wait in the database for the page to fetch.

    Works in any process (a worker pushing a status change); a page polling this same
    process is woken at once, one polling another process within POLL_SLICE.
    """

    name = CHANNEL

    def __init__(self) -> None:
        self.arrived: dict[int, asyncio.Event] = {}

    async def push(self, user_ref: str, replies: list[Reply]) -> None:
        user = await User.get_or_none(channel=CHANNEL, external_id=user_ref)
        if user is not None:
            await self.store(user.id, "bot", [r.to_json() for r in replies])

    async def push_voice(self, user_ref: str, audio: Path) -> None:
        user = await User.get_or_none(channel=CHANNEL, external_id=user_ref)
        if user is not None:
            await self.store(user.id, "bot", [{"text": "", "voice": f"api/voice/{audio.name}"}])

    async def store(self, user_id: int, sender: str, payloads: list[dict[str, Any]]) -> list[WebchatMessage]:
        rows = [await WebchatMessage.create(user_id=user_id, sender=sender, payload=p) for p in payloads]
        self.arrived.setdefault(user_id, asyncio.Event()).set()
        return rows


class WebChat:
    """The page and its JSON API."""

    def __init__(self, dialogs: Runtime, files: FileStore, secret: bytes, inbox: WebchatInbox | None = None) -> None:
        self.dialogs, self.files, self.secret = dialogs, files, secret
        self.inbox = inbox or WebchatInbox()
        #: Read-aloud audio and where it is cached; None where speech is not installed.
        self.voices: VoiceMaker | None = None
        self.voices_dir: Path | None = None

    # -- identity -----------------------------------------------------------------
    def token_for(self, user_ref: str) -> str:
        return sign(self.secret, "chat", user_ref)

    def _user_ref(self, request: web.Request) -> str:
        header = request.headers.get("Authorization", "")
        user_ref, _, token = header.removeprefix("Bearer ").partition(".")
        if not user_ref or not same(token, self.token_for(user_ref)):
            raise web.HTTPUnauthorized(text='{"error": "session"}', content_type="application/json")
        return user_ref

    # -- routes -------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/", self.page),
            web.get("/api/strings", self.strings),
            web.post("/api/session", self.session),
            web.get("/api/messages", self.messages),
            web.post("/api/events", self.event),
            web.post("/api/files", self.upload),
            web.get("/api/voice/{name}", self.voice),
            web.post("/api/voice", self.speak),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("index.html")

    async def strings(self, request: web.Request) -> web.Response:
        return strings(normalise(request.query.get("lang")), "webchat.")

    async def session(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        asked = body.get("lang")
        lang = asked if isinstance(asked, str) and asked in LOCALES else "zh_CN"
        user_ref = f"w-{secrets.token_hex(8)}"
        await user_for(CHANNEL, user_ref, lang)
        return web.json_response({"user": user_ref, "token": f"{user_ref}.{self.token_for(user_ref)}", "locale": lang})

    async def messages(self, request: web.Request) -> web.Response:
        user = await self._user(request)
        after = _int(request.query.get("after"), 0)
        wait = min(max(_int(request.query.get("wait"), 0), 0), 25)
        rows = await self._after(user.id, after)
        deadline = asyncio.get_running_loop().time() + wait
        while not rows and asyncio.get_running_loop().time() < deadline:
            arrived = self.inbox.arrived.setdefault(user.id, asyncio.Event())
            arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), timeout=POLL_SLICE)
            rows = await self._after(user.id, after)
        await user.refresh_from_db(fields=["locale"])
        shown = [_shown(r) for r in rows]
        return web.json_response({"messages": shown, "locale": user.locale, "elder": await self._elder(user)})

    async def event(self, request: web.Request) -> web.Response:
        user = await self._user(request)
        body = await json_body(request)
        kind, text = body.get("type"), str(body.get("text") or body.get("data") or "")
        if kind not in ("text", "button", "command") or not text.strip():
            raise web.HTTPBadRequest(text='{"error": "event"}', content_type="application/json")
        if len(text) > MAX_TEXT:
            echo = await self.inbox.store(user.id, "bot", [{"text": translate(user.locale, "webchat.too_long")}])
            return web.json_response({"messages": [_shown(r) for r in echo]})
        # Commands the page sends by itself (/start on an empty chat) are not the person's words.
        shown_text = await self._label_of(user.id, text) if kind == "button" else text if kind == "text" else None
        event = InboundEvent(CHANNEL, user.external_id, kind, text=text)
        return await self._converse(user, event, shown_text)

    async def upload(self, request: web.Request) -> web.Response:
        user = await self._user(request)
        if not await self.dialogs.expects_file(CHANNEL, user.external_id):
            # Nothing is read, nothing is kept: the engine says no file is needed and where we are.
            return await self._converse(user, InboundEvent(CHANNEL, user.external_id, "file"), None)
        try:
            staged = await self._stage_all(request)
        except StorageFull:
            message = await self.inbox.store(user.id, "bot", [{"text": translate(user.locale, "file.storage_full")}])
            return web.json_response({"messages": [_shown(r) for r in message]}, status=503, headers=RETRY_LATER)
        group = secrets.token_hex(6) if len(staged) > 1 else None
        event = InboundEvent(CHANNEL, user.external_id, "file", files=tuple(staged), group_id=group)
        return await self._converse(user, event, "📎 " + "、".join(f.name for f in staged))

    async def _stage_all(self, request: web.Request) -> list[IncomingFile]:
        try:
            reader = await request.multipart()
        except (AssertionError, ValueError, KeyError):
            raise web.HTTPBadRequest(text='{"error": "multipart"}', content_type="application/json") from None
        staged: list[IncomingFile] = []
        while len(staged) < MAX_FILES and (part := await reader.next()) is not None:
            if isinstance(part, BodyPartReader) and part.name == "file":
                staged.append(await self.files.stage(part.filename or "file", _chunks(part)))
                if not staged[-1].staged:
                    await _drain(request)
                    break
        return staged

    async def voice(self, request: web.Request) -> web.StreamResponse:
        """A read-aloud file; its name is the hash of what it says, so it cannot be guessed."""
        name = request.match_info["name"]
        if self.voices_dir is None or not re.fullmatch(r"[0-9a-f]{64}\.ogg", name):
            raise web.HTTPNotFound()
        path = self.voices_dir / name
        if not path.exists():
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"Content-Type": "audio/ogg", "Cache-Control": "max-age=86400"})

    # -- helpers ------------------------------------------------------------------
    async def _converse(self, user: User, event: InboundEvent, shown_text: str | None) -> web.Response:
        mine = await self.inbox.store(user.id, "user", [{"text": shown_text}]) if shown_text else []
        replies = await self.dialogs.handle(event)
        answered = await self.inbox.store(user.id, "bot", [r.to_json() for r in replies])
        locale = (await self.dialogs.user(CHANNEL, user.external_id, None)).locale
        shown = [_shown(r) for r in [*mine, *answered]]
        return web.json_response({"messages": shown, "locale": locale, "elder": await self._elder(user)})

    async def _elder(self, user: User) -> bool:
        return (await self.dialogs.repo.load(user.id)).conversation.elder

    async def speak(self, request: web.Request) -> web.Response:
        """Read one reply aloud on request: the 🔊 button on every bubble in elder mode."""
        user = await self._user(request)
        body = await json_body(request)
        row = await WebchatMessage.get_or_none(id=int(body.get("message_id") or 0), user_id=user.id, sender="bot")
        if row is None or not row.payload.get("text"):
            raise web.HTTPNotFound(text='{"error": "message"}', content_type="application/json")
        if self.voices is None:
            message = translate(user.locale, "webchat.no_voice")
            return web.json_response({"message": message}, status=503)
        path = await self.voices.voice_for(row.payload["text"], user.locale, elder=False)
        return web.json_response({"url": f"api/voice/{path.name}"})

    async def _user(self, request: web.Request) -> User:
        user_ref = self._user_ref(request)
        return await user_for(CHANNEL, user_ref)

    async def _after(self, user_id: int, after: int) -> list[WebchatMessage]:
        return await WebchatMessage.filter(user_id=user_id, id__gt=after).order_by("id").limit(200)

    async def _label_of(self, user_id: int, data: str) -> str | None:
        recent = await WebchatMessage.filter(user_id=user_id, sender="bot").order_by("-id").limit(30)
        for row in recent:
            for button in row.payload.get("buttons", []):
                if button.get("data") == data:
                    return str(button["label"])
        return None  # a button we did not draw (the page's language switch): no echo


def _shown(row: WebchatMessage) -> dict[str, Any]:
    return {
        "voice": row.payload.get("voice"),
        "id": row.id,
        "from": row.sender,
        "text": row.payload.get("text", ""),
        "buttons": row.payload.get("buttons", []),
        "time": row.created_at.isoformat(),
    }


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


async def _drain(request: web.Request, limit: int = 256 << 20) -> None:
    """Read what the browser is still sending, so it gets our polite reply, not a reset."""
    seen = 0
    while seen < limit and (chunk := await request.content.readany()):
        seen += len(chunk)


async def _chunks(part: BodyPartReader) -> AsyncIterator[bytes]:
    while chunk := await part.read_chunk(1 << 16):
        yield chunk
