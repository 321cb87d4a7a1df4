"""The embedded web chat: a phone-style page and a small JSON API over the same engine.

Every message, asked for or pushed, is stored, so a reload shows the history and a
push waits in the database until the page's long poll collects it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import BodyPartReader, web

from bot.channels.http import bad_request, clean_text, int_param, json_body, json_reply, parse_int, static_page, strings
from bot.channels.webchat_inbox import Said, Stored, WebchatInbox, said_part, shown
from bot.channels.webchat_sessions import WebchatSessions
from bot.edge.ratelimit import RateLimits
from bot.filekinds import KINDS
from bot.files import FileStore, StorageFull
from bot.runtime import Runtime
from bot.settings.web import EdgeSettings
from bot.signing import same, sign
from bot.speech.cache import mp3_beside
from bot.speech.encode import EncoderMissing
from casework.commits import Part
from casework.lru import LRU
from casework.ports import VoiceMaker
from handlers import engine
from handlers.conversation import Conversation
from handlers.events import InboundEvent, IncomingFile, Reply
from locales import LOCALES, normalise, translate
from models.user import User
from models.webchat import WebchatMessage

__all__ = ["CHANNEL", "WebChat", "WebchatInbox"]

CHANNEL = "web"
#: Longest text accepted in one message; longer is refused politely, not cut (the page counts against it).
MAX_TEXT = 2000
MB = 1024 * 1024
#: The read-aloud formats served, by file extension.
VOICE_TYPES = {"ogg": "audio/ogg", "mp3": "audio/mpeg"}
#: Most files taken in one upload (one album).
MAX_FILES = 10
#: Sent with a 503 when the disk is full: when to try again (seconds).
RETRY_LATER = {"Retry-After": "60"}
#: People whose last buttons one process keeps, and most buttons kept for one person.
LABELS_CACHED, LABELS_PER_PERSON = 20_000, 100
#: Sessions whose checked token one process keeps (about 90 bytes each).
TOKENS_CACHED = 10_000
#: Seconds between database looks while a long poll waits, so pushes made by other processes arrive too.
POLL_SLICE = 2.0


class WebChat:
    """The page and its JSON API."""

    def __init__(
        self,
        dialogs: Runtime,
        files: FileStore,
        secret: bytes,
        inbox: WebchatInbox | None = None,
        edge: EdgeSettings | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self.dialogs, self.files, self.secret = dialogs, files, secret
        self.inbox = inbox or WebchatInbox()
        edge = edge or EdgeSettings()
        self.limits = limits or RateLimits(edge)
        idle = dt.timedelta(hours=edge.chat_idle_hours)
        self.sessions = WebchatSessions(
            idle, dialogs.now, self._person, cached=not dialogs.shared, commits=dialogs.repo.commits
        )
        #: The labels of the buttons this process last drew for each person, so a press is echoed in words
        #: without reading the history (several serve processes: read it, another may have drawn them).
        self.labels = LRU[int, dict[str, str]](0 if dialogs.shared else LABELS_CACHED)
        #: Tokens that matched their session's reference, by the reference: a token is checked by comparing,
        #: not by signing again (two SHA-256 a message). Only a token that matched is kept, so a stranger's
        #: guesses neither fill it nor push anyone out. A session ended is refused by its row, not here.
        self.tokens = LRU[str, str](TOKENS_CACHED, TOKENS_CACHED * 256)
        #: Read-aloud audio and where it is cached; None where speech is not installed.
        self.voices: VoiceMaker | None = None
        self.voices_dir: Path | None = None

    # -- identity -----------------------------------------------------------------
    def token_for(self, user_ref: str) -> str:
        return sign(self.secret, "chat", user_ref)

    async def _person(self, user_ref: str) -> User:
        return await self.dialogs.user(CHANNEL, user_ref, None)

    def _user_ref(self, request: web.Request) -> str:
        header = request.headers.get("Authorization", "")
        user_ref, _, token = header.removeprefix("Bearer ").partition(".")
        known = self.tokens.get(user_ref)
        if not user_ref or not same(token, known or self.token_for(user_ref)):
            raise web.HTTPUnauthorized(text='{"error": "session"}', content_type="application/json")
        if known is None:
            self.tokens.put(user_ref, token)
        return user_ref

    # -- routes -------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/", self.page),
            web.get("/api/strings", self.strings),
            web.get("/api/config", self.config),
            web.post("/api/session", self.session),
            web.post("/api/session/end", self.end),
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

    async def config(self, request: web.Request) -> web.Response:
        """The limits the page checks before sending, so nothing too long or too big leaves the phone."""
        return json_reply(
            {"max_text": MAX_TEXT, "max_files": MAX_FILES, "max_file_bytes": self.files.cap, "file_types": KINDS}
        )

    async def session(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        asked = body.get("lang")
        lang = asked if isinstance(asked, str) and asked in LOCALES else "zh_CN"
        await self.limits.take("session", self.limits.address(request), lang)
        user_ref = f"w-{secrets.token_hex(8)}"
        user = await self.sessions.open(user_ref, lang)
        self.dialogs.met(CHANNEL, user)
        return json_reply({"user": user_ref, "token": f"{user_ref}.{self.token_for(user_ref)}", "locale": lang})

    async def messages(self, request: web.Request) -> web.Response:
        user = await self._user(request)
        after = int_param(request, "after")
        wait = int_param(request, "wait", high=25)
        rows = await self._after(user.id, after)
        deadline = asyncio.get_running_loop().time() + wait
        while not rows and asyncio.get_running_loop().time() < deadline:
            await self.inbox.waiting.wait(user.id, POLL_SLICE)
            rows = await self._after(user.id, after)
        await user.refresh_from_db(fields=["locale"])
        listed = [shown(r) for r in rows]
        state = self._state((await self.dialogs.repo.load(user.id)).conversation)
        return json_reply({"messages": listed, "locale": user.locale, **state})

    async def end(self, request: web.Request) -> web.Response:
        """ "End and clear": the token stops working and this session's chat history is deleted."""
        user, session = await self.sessions.active(self._user_ref(request))
        await self.sessions.end(user, session)
        return json_reply({"ok": True, "message": translate(user.locale, "webchat.ended")})

    async def event(self, request: web.Request) -> web.Response:
        user = await self._sending(request, "message")
        body = await json_body(request)
        kind, text = body.get("type"), clean_text(body.get("text") or body.get("data") or "")
        if kind not in ("text", "button", "command") or not text.strip():
            raise bad_request("event")
        if len(text) > MAX_TEXT:  # refused, and the question asked again; the page keeps the text
            return await self._converse(user, InboundEvent(CHANNEL, user.external_id, "too_long"), None)
        # Commands the page sends by itself (/start on an empty chat) are not the person's words.
        shown_text = await self._label_of(user.id, text) if kind == "button" else text if kind == "text" else None
        event = InboundEvent(CHANNEL, user.external_id, kind, text=text)
        return await self._converse(user, event, shown_text)

    async def upload(self, request: web.Request) -> web.Response:
        user = await self._sending(request, "upload")
        await self._charge_upload(request, user)
        if not await self.dialogs.expects_file(CHANNEL, user.external_id):
            # Nothing is read, nothing is kept: the engine says no file is needed and where we are.
            return await self._converse(user, InboundEvent(CHANNEL, user.external_id, "file"), None)
        try:
            staged = await self._stage_all(request)
        except StorageFull:
            message = await self.inbox.store(user.id, "bot", [{"text": translate(user.locale, "file.storage_full")}])
            return json_reply({"messages": [shown(r) for r in message]}, status=503, headers=RETRY_LATER)
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
        """A read-aloud file; its name is the hash of what it says, so it cannot be guessed.

        Ogg/Opus as made; `.mp3` of the same name for browsers that cannot play Opus (Safari on iOS).
        """
        found = re.fullmatch(r"([0-9a-f]{64})\.(ogg|mp3)", request.match_info["name"])
        if self.voices_dir is None or found is None:
            raise web.HTTPNotFound()
        path = self.voices_dir / f"{found[1]}.ogg"
        if not path.exists():
            raise web.HTTPNotFound()
        if found[2] == "mp3":
            try:
                path = await mp3_beside(path)
            except EncoderMissing:
                raise web.HTTPNotFound() from None
        return web.FileResponse(
            path,
            headers={
                "Content-Type": VOICE_TYPES[found[2]],
                "Cache-Control": "private, max-age=86400",  # what one person was told: no shared cache
                "Content-Disposition": "inline",
            },
        )

    # -- helpers ------------------------------------------------------------------
    async def _converse(self, user: User, event: InboundEvent, shown_text: str | None) -> web.Response:
        transcript = _Transcript(user.id, shown_text)
        replies, conv = await self.dialogs.handled(event, transcript=transcript)
        await transcript.rest(replies)
        self.inbox.waiting.wake(user.id)  # committed now: a long poll finds them
        locale = conv.locale  # the person's language as the step left it (the step saves a change to it)
        said = transcript.shown()
        self._drew(user.id, [row for row, _ in said])
        # What was just said is shown as said; only the stored copy is masked.
        listed = [shown(row, text) for row, text in said]
        return json_reply({"messages": listed, "locale": locale, **self._state(conv)})

    def _state(self, conv: Conversation) -> dict[str, object]:
        """Elder mode, and the document a file sent now would be (kinds, bytes at most), or None."""
        material = engine.expected_material(conv, self.dialogs.catalog)
        upload = None
        if material is not None:
            upload = {"kinds": list(material.accept), "max_bytes": min(int(material.max_mb * MB), self.files.cap)}
        return {"elder": conv.elder, "upload": upload}

    async def speak(self, request: web.Request) -> web.Response:
        """Read one reply aloud on request: the 🔊 button on every bubble in elder mode."""
        user = await self._sending(request, "message")
        body = await json_body(request)
        message_id = parse_int(body.get("message_id"), "message_id", low=1)
        row = await WebchatMessage.get_or_none(id=message_id, user_id=user.id, sender="bot")
        if row is None or not row.payload.get("text"):
            raise web.HTTPNotFound(text='{"error": "message"}', content_type="application/json")
        if self.voices is None:
            message = translate(user.locale, "webchat.no_voice")
            return json_reply({"message": message}, status=503)
        path = await self.voices.voice_for(row.payload["text"], user.locale, elder=False)
        return json_reply({"url": f"api/voice/{path.name}"})

    async def _user(self, request: web.Request) -> User:
        return await self.sessions.user(self._user_ref(request))

    async def _sending(self, request: web.Request, rule: str) -> User:
        """The person, counted against their session's and their address's limits; the idle time restarts."""
        user, session = await self.sessions.active(self._user_ref(request))
        await self.limits.take(rule, user.external_id, user.locale)
        await self.limits.take("message-address", self.limits.address(request), user.locale)
        await self.sessions.touch(user, session)
        return user

    async def _charge_upload(self, request: web.Request, user: User) -> None:
        """Upload quotas in kilobytes, charged on what the browser says it sends (or the cap)."""
        size = request.content_length or self.files.cap
        kilobytes = max(1, math.ceil(size / 1024))
        for rule, key in (("upload-kb", user.external_id), ("upload-kb-address", self.limits.address(request))):
            await self.limits.take(rule, key, user.locale, cost=kilobytes, message="edge.upload_quota")

    async def _after(self, user_id: int, after: int) -> list[WebchatMessage]:
        return await WebchatMessage.filter(user_id=user_id, id__gt=after).order_by("id").limit(200)

    def _drew(self, user_id: int, rows: list[Stored]) -> None:
        drawn = {b["data"]: b["label"] for row in rows if row.sender == "bot" for b in row.payload.get("buttons", [])}
        if not drawn or self.labels.size == 0:
            return
        known = self.labels.get(user_id)  # the person's own dict: added to in place while it has room
        if known is not None and len(known) + len(drawn) <= LABELS_PER_PERSON:
            known.update(drawn)
        else:
            self.labels.put(user_id, drawn)

    async def _label_of(self, user_id: int, data: str) -> str | None:
        if (label := (self.labels.get(user_id) or {}).get(data)) is not None:
            return label
        recent = await WebchatMessage.filter(user_id=user_id, sender="bot").order_by("-id").limit(30)
        for row in recent:
            for button in row.payload.get("buttons", []):
                if button.get("data") == data:
                    return str(button["label"])
        return None  # a button we did not draw (the page's language switch): no echo


class _Transcript:
    """Writes the person's words and the replies of a step into the history, inside the step's own save
    (one transaction for the step and its history, where there were three)."""

    def __init__(self, user_id: int, said: str | None) -> None:
        self.user_id, self.said = user_id, said
        #: Each save's messages (their rows once written), the text just said in each (shown unmasked) and the
        #: replies they are, by the save's index. A save whose conversation was stale is stepped again and
        #: replaces its own; one not stepped again (an answer's) wrote nothing, and `rest` writes its replies.
        self.saves: dict[int, tuple[Said, list[str | None], list[Reply]]] = {}

    def __call__(self, replies: list[Reply], index: int) -> Part[Said]:
        texts = [self.said] if self.said and not index else []
        said = [("user", {"text": self.said})] if texts else []
        drawn = [r.to_json() for r in replies]
        part = said_part(self.user_id, said + [("bot", d) for d in drawn])
        self.saves[index] = (part.item, texts + [d.get("text") for d in drawn], replies)
        return part

    async def rest(self, replies: list[Reply]) -> None:
        """Replies no save wrote (an answer whose save lost a race with another process): written now, last."""
        written = {id(r) for item, _, saved in self.saves.values() if item.stored for r in saved}
        if missing := [r for r in replies if id(r) not in written]:
            part = self(missing, max(self.saves, default=0) + 1)
            await part.stage.write([part.item])

    def shown(self) -> list[tuple[Stored, str | None]]:
        """What the saves wrote, in order, each with the text just said in it (shown unmasked)."""
        pairs: list[tuple[Stored, str | None]] = []
        for index in sorted(self.saves):
            item, texts, _ = self.saves[index]
            if item.stored:
                pairs += zip(item.stored, texts, strict=True)
        return pairs


async def _drain(request: web.Request, limit: int = 256 << 20) -> None:
    """Read what the browser is still sending, so it gets our polite reply, not a reset."""
    seen = 0
    while seen < limit and (chunk := await request.content.readany()):
        seen += len(chunk)


async def _chunks(part: BodyPartReader) -> AsyncIterator[bytes]:
    while chunk := await part.read_chunk(1 << 16):
        yield chunk
