"""WeChat Official Account (公众号): the callback endpoint, replies, and pushes that find a way.

WeChat waits 5 seconds for a passive reply and re-posts up to three times; anything
later goes out as a customer-service message (48 hours after the person's last
message, 5 at most) or a template message; when neither is open, it waits.
A message's work (fetching a photo, releasing held notices, the engine's step) runs
apart from the request (`wechat_inbound`), so every post is answered in time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from tortoise.expressions import F, Q

from bot.channels.http import read_capped
from bot.channels.rendering import numbered, pick
from bot.channels.wechat_inbound import Inbound, InboundWork
from bot.channels.wechat_protocol import (
    DEFAULT_MAX_SKEW,
    MAX_XML_BYTES,
    PushWindow,
    WechatCrypto,
    WechatMessage,
    WechatProtocolError,
    custom_text,
    error_code,
    split_text,
    template,
    template_data,
    to_json,
)
from bot.edge.ratelimit import ChatLimits, RateLimits
from bot.files import FileStore
from bot.runtime import Runtime
from bot.settings import Settings
from bot.speech.encode import ogg_to_mp3
from handlers.events import Button, InboundEvent, Reply
from locales import translate
from models import db
from models.ledger import first_delivery, forget_delivery
from models.nonces import first_nonce, forget_nonce, nonce_key, prune_nonces
from models.platform import HeldPush, PlatformToken
from models.user import User, user_for

log = logging.getLogger(__name__)
T = TypeVar("T")
CHANNEL = "wechat"
#: Seconds from a post's arrival within which its replies go back as the passive reply (WeChat waits 5);
#: replies ready later go out as pushes.
PASSIVE_SECONDS = 4.0
#: WeChat's access token lives 7200 s; refresh this long before it ends.
REFRESH_MARGIN = dt.timedelta(minutes=10)
#: errcodes that mean the token is no longer good.
STALE_TOKEN = {40001, 40014, 42001}
#: Each process prunes seen nonces on its first claim and every this many after.
PRUNE_EVERY = 100


def as_text(replies: list[Reply]) -> tuple[str, tuple[Button, ...]]:
    """Replies as one text, buttons as numbered options; the buttons answered by number."""
    buttons: tuple[Button, ...] = ()
    for reply in replies:
        buttons = reply.buttons or buttons
    return "\n\n".join(numbered(r) for r in replies), buttons


class MediaUnavailable(RuntimeError):
    """WeChat would not hand over a file, even with a fresh access token."""


class WechatApi:
    """The few WeChat server APIs we call, with one shared access token."""

    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        self.base, self.session = settings.wechat.api_base_url.rstrip("/"), session
        self.app_id, self.secret = settings.wechat.app_id, settings.wechat.app_secret

    async def token(self, refused: str = "") -> str:
        """The shared access token; a new one when the stored one is `refused` (WeChat said it is no good)."""
        row, _ = await PlatformToken.get_or_create(name=f"wechat:{self.app_id}")
        now = db.now()
        if row.value and row.value != refused and row.expires_at and row.expires_at - REFRESH_MARGIN > now:
            return row.value
        free = Q(refreshing_until__isnull=True) | Q(refreshing_until__lt=now)
        if await PlatformToken.filter(Q(name=row.name) & free).update(refreshing_until=now + dt.timedelta(seconds=30)):
            return await self._refresh(row.name)
        await asyncio.sleep(0.5)  # another process is refreshing: read what it stores (not the refused one again)
        return await self.token(refused)

    async def _refresh(self, name: str) -> str:
        params = {"grant_type": "client_credential", "appid": self.app_id, "secret": self.secret}
        async with self.session.get(f"{self.base}/cgi-bin/token", params=params) as response:
            body = await response.json(content_type=None)
        if "access_token" not in body:
            await PlatformToken.filter(name=name).update(refreshing_until=None)
            raise RuntimeError(f"WeChat token refresh failed: {body.get('errcode')} {body.get('errmsg')}")
        expires = db.now() + dt.timedelta(seconds=int(body.get("expires_in", 7200)))
        await PlatformToken.filter(name=name).update(
            value=body["access_token"], expires_at=expires, refreshing_until=None
        )
        return str(body["access_token"])

    async def _with_token(self, call: Callable[[str], Awaitable[tuple[int, T]]]) -> tuple[int, T]:
        """`call` with the shared token, and once more with a new one if WeChat refuses it; (errcode, answer)."""
        token = ""
        for _ in range(2):
            token = await self.token(refused=token)
            code, answer = await call(token)
            if code not in STALE_TOKEN:
                break
        return code, answer

    async def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        async def send(token: str) -> tuple[int, dict[str, Any]]:
            params = {"access_token": token}
            async with self.session.post(f"{self.base}{path}", params=params, data=to_json(payload)) as r:
                body: dict[str, Any] = await r.json(content_type=None)
            return int(body.get("errcode", 0)), body

        code, body = await self._with_token(send)
        if code != 0:
            raise RuntimeError(f"WeChat {path}: {code} {body.get('errmsg')}")
        return body

    async def upload_voice(self, mp3: bytes) -> str:
        """Upload a voice message (MP3, up to 60 s) as temporary media; returns its media_id."""

        async def upload(token: str) -> tuple[int, dict[str, Any]]:
            form = aiohttp.FormData()  # a form is read once: built anew for the retry
            form.add_field("media", mp3, filename="voice.mp3", content_type="audio/mpeg")
            params = {"access_token": token, "type": "voice"}
            async with self.session.post(f"{self.base}/cgi-bin/media/upload", params=params, data=form) as response:
                body: dict[str, Any] = await response.json(content_type=None)
            return int(body.get("errcode", 0)), body

        code, body = await self._with_token(upload)
        if "media_id" not in body:
            raise MediaUnavailable(f"WeChat media upload: {code} {body.get('errmsg')}")
        return str(body["media_id"])

    async def media(self, media_id: str) -> bytes:
        """The file behind a message's MediaId. WeChat answers an error as a JSON body: never taken for the file."""

        async def fetch(token: str) -> tuple[int, bytes]:
            params = {"access_token": token, "media_id": media_id}
            async with self.session.get(f"{self.base}/cgi-bin/media/get", params=params) as response:
                data = await response.read()
                if response.status != 200:
                    return response.status, data
                return error_code(response.content_type, data) or 0, data

        code, data = await self._with_token(fetch)
        if code != 0:
            raise MediaUnavailable(f"WeChat media/get: {code}")
        return data


#: The account menu: each button sends a CLICK event whose key is read as the command of that name.
MENU_KEYS = ("MENU", "STATUS", "HELP")


def account_menu() -> dict[str, Any]:
    return {
        "button": [
            {"type": "click", "name": translate("zh_CN", f"wechat.menu.{k.lower()}"), "key": k} for k in MENU_KEYS
        ]
    }


class WechatChannel:
    """The /wechat endpoint and the push side of the Official Account."""

    name = CHANNEL

    def __init__(
        self,
        settings: Settings,
        dialogs: Runtime | None,
        files: FileStore | None,
        *,
        clock: Callable[[], float] = time.time,
        limits: RateLimits | None = None,
    ) -> None:
        """`limits`: the process's rate limits (bot.app.App.limits); without them (a worker, the menu
        installer) messages are not counted, since such a process takes none."""
        self.settings, self.dialogs, self.files, self.clock = settings, dialogs, files, clock
        self.crypto = WechatCrypto(
            settings.wechat.token, settings.wechat.aes_key or None, settings.wechat.app_id, clock=clock
        )
        self.window = PushWindow(frozenset(settings.wechat.templates))
        self._session: aiohttp.ClientSession | None = None
        self._claims = 0
        self.inbound = InboundWork(self._push_late, self._push_failed)
        self.flood = ChatLimits(limits)
        #: Seconds from a post's arrival within which its replies are the passive reply (tests shorten it).
        self.passive_seconds = PASSIVE_SECONDS
        if settings.wechat.token and not settings.wechat.aes_key:
            log.warning(
                "WECHAT_TOKEN is set without WECHAT_AES_KEY: plain mode, whose signature does not cover the "
                "message, so anyone holding one signed URL can post as any user. For development only."
            )

    @property
    def api(self) -> WechatApi:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return WechatApi(self.settings, self._session)

    async def close(self) -> None:
        await self.inbound.close()
        if self._session is not None:
            await self._session.close()

    async def install_menu(self) -> None:
        """Replace the account's custom menu with ours (WeChat keeps it until it is replaced)."""
        await self.api.post("/cgi-bin/menu/create", account_menu())

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/wechat", self.verify), web.post("/wechat", self.callback)]

    async def verify(self, request: web.Request) -> web.Response:
        q = request.query
        try:
            echo = self.crypto.check_url(
                q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", ""), q.get("echostr", "")
            )
        except WechatProtocolError as refused:
            raise web.HTTPForbidden(text=refused.reason) from None
        return web.Response(text=echo)

    async def callback(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        body = await read_capped(request, MAX_XML_BYTES)
        if body is None:
            raise web.HTTPBadRequest(text="xml")
        try:
            message = self.crypto.parse(body, request.query)
        except WechatProtocolError as refused:
            status = web.HTTPBadRequest if refused.reason == "xml" else web.HTTPForbidden
            raise status(text=refused.reason) from None
        nonce = await self._claim_nonce(request.query)
        if nonce is None:
            raise web.HTTPForbidden(text="replay")
        key = f"{CHANNEL}:{message.dedupe_key}"
        try:
            inbound = self.inbound.messages.get(key)  # a re-post of a message at work here waits for it
            if inbound is None:
                if not await first_delivery(key):
                    return web.Response(text="success")  # answered by another process, or long ago
                inbound = await self._take_in(message, key)
            if inbound is None:
                return web.Response(text="success")  # events such as unsubscribe or VIEW need no answer
            again = inbound.answered == "passive"  # WeChat posts again: our answer did not reach it
            if not await self.inbound.wait(inbound, arrived + self.passive_seconds - time.monotonic()):
                return web.Response(text="success")  # the replies are pushed when the work ends
            if not as_text(inbound.task.result())[0]:
                # Nothing to say (the person serving will answer): WeChat takes a reply without text for a
                # fault and tells the resident "该公众号暂时无法提供服务"; "success" is its silence
                return web.Response(text="success")
            if again:
                return self._reply(message, split_text(as_text(inbound.task.result())[0])[0])
            return await self._passive(request, message, inbound.task.result())
        except Exception:
            # WeChat re-sends the same request after a failure; it must not be taken for a replay.
            await forget_delivery(key)
            await forget_nonce(nonce)
            raise

    async def _claim_nonce(self, query: Mapping[str, str]) -> str | None:
        """Record this signed (timestamp, nonce); None if it was seen before: a replayed request.

        Called after the signature and timestamp were checked, so only WeChat's own nonces are stored,
        and only for the window in which their timestamp is accepted.
        """
        timestamp = int(query["timestamp"])
        key = nonce_key(CHANNEL, timestamp, query.get("nonce", ""))
        if not await first_nonce(key, timestamp):
            return None
        self._claims += 1
        if self._claims % PRUNE_EVERY == 1:
            # Twice the window: another process whose clock lags ours may still accept those timestamps.
            await prune_nonces(int(self.clock()) - 2 * DEFAULT_MAX_SKEW)
        return key

    async def _take_in(self, message: WechatMessage, key: str) -> Inbound | None:
        """Read the message as the person sent it and start its work; None when it needs no answer."""
        user = await user_for(CHANNEL, message.from_user)
        if message.msg_type != "event":  # a follow or a menu click does not open the 48-hour window
            await self._seen(user)
        event = await self.event_for(message, user)
        if self.dialogs is None or (event is None and message.msg_type == "event"):
            return None
        return self.inbound.start(key, user.external_id, lambda: self._work(message, user, event))

    async def _work(self, message: WechatMessage, user: User, event: InboundEvent | None) -> list[Reply]:
        """What was held goes out first, then the photo is fetched and the step taken."""
        refused, say = await self.flood.refused(f"{CHANNEL}:{user.external_id}", user.locale)
        if refused:  # not handled; told once a window (no text: WeChat's silent "success")
            return [Reply(say)] if say else []
        if message.msg_type != "event":
            await self._release_held(user)
        if event is None:
            return [Reply(translate(user.locale, "unsupported"))]
        if event.kind == "file":
            fetched = await self._fetch(message, event, user)
            if isinstance(fetched, Reply):
                return [fetched]
            event = fetched
        assert self.dialogs is not None
        return await self.dialogs.handle(event)

    async def _fetch(self, message: WechatMessage, event: InboundEvent, user: User) -> InboundEvent | Reply:
        assert self.files is not None
        try:
            data = await self.api.media(message.media_id)
        except (MediaUnavailable, aiohttp.ClientError, TimeoutError) as failed:
            log.warning("photo %s of user %s not fetched: %s", message.msg_id, user.id, failed)
            return Reply(translate(user.locale, "wechat.media_unavailable"))
        staged = await self.files.stage_bytes(f"wechat-{message.msg_id}.jpg", data)
        return replace(event, files=(staged,))

    async def _passive(self, request: web.Request, message: WechatMessage, replies: list[Reply]) -> web.StreamResponse:
        """The first part of the replies as the passive reply; the parts past WeChat's limit follow it as pushes."""
        text, buttons = as_text(replies)
        first, *rest = split_text(text)
        user = await User.get(channel=CHANNEL, external_id=message.from_user)
        await self._show(user.id, () if rest else buttons)  # the options come with the last part
        response = self._reply(message, first)
        if rest:
            await response.prepare(request)
            await response.write_eof()  # the reply is out before the parts that follow it
            self.inbound.later(self._send(user, rest, buttons))
        return response

    def _reply(self, message: WechatMessage, text: str) -> web.Response:
        return web.Response(body=self.crypto.reply_text(message, text), content_type="application/xml")

    def _push_late(self, inbound: Inbound, replies: list[Reply]) -> Awaitable[None]:
        return self.push(inbound.user_ref, replies)

    async def _push_failed(self, inbound: Inbound) -> None:
        user = await User.get_or_none(channel=CHANNEL, external_id=inbound.user_ref)
        await self.push(inbound.user_ref, [Reply(translate(user.locale if user else "zh_CN", "step_failed"))])

    async def _show(self, user_id: int, buttons: tuple[Button, ...]) -> None:
        """What the person now sees last: its options, or none, are what a typed number picks from."""
        await User.filter(id=user_id).update(last_buttons=[b.to_json() for b in buttons])

    async def event_for(self, message: WechatMessage, user: User) -> InboundEvent | None:
        ref = message.from_user
        if message.msg_type == "text" or (message.msg_type == "voice" and message.recognition):
            typed = message.content if message.msg_type == "text" else message.recognition
            chosen = pick(typed, tuple(Button(b["label"], b["data"]) for b in user.last_buttons))
            if chosen is not None:
                return InboundEvent(CHANNEL, ref, "button", text=chosen.data)
            kind = "command" if typed.startswith("/") else "text"
            return InboundEvent(CHANNEL, ref, kind, text=typed)  # type: ignore[arg-type]
        if message.msg_type == "voice":
            return InboundEvent(CHANNEL, ref, "voice")
        if message.msg_type == "image" and self.files is not None and self.dialogs is not None:
            # Fetched by the work; kept for the document asked for now, whatever the dialog does meanwhile.
            return InboundEvent(CHANNEL, ref, "file", step=await self.dialogs.document_step(CHANNEL, ref))
        if message.msg_type == "event" and message.event == "subscribe":
            return InboundEvent(CHANNEL, ref, "command", text="/start")
        if message.msg_type == "event" and message.event == "CLICK":
            return InboundEvent(CHANNEL, ref, "command", text=f"/{message.event_key.lower()}")
        return None

    async def _seen(self, user: User) -> None:
        """The person wrote: the window and its quota start again."""
        await User.filter(id=user.id).update(last_seen_at=db.now(), pushes_since_seen=0)

    async def _release_held(self, user: User) -> None:
        """What was held goes out before the answer, within the quota; the rest waits for the next message."""
        now = db.now()
        for sent, held in enumerate(await HeldPush.filter(user=user).order_by("id")):
            if self.window.path("status", now, sent, now) != "custom":
                break  # the quota is used up: the rest waits for the next message
            try:
                await self._custom(user.id, held.payload)
            except (RuntimeError, aiohttp.ClientError) as exc:
                # Kept for next time; the person's own message must still be answered.
                log.warning("held notice %s for user %s not sent yet: %s", held.id, user.id, exc)
                break
            await held.delete()

    async def _custom(self, user_id: int, payload: dict[str, Any]) -> None:
        """One customer-service message, counted against the window's quota."""
        await self.api.post("/cgi-bin/message/custom/send", payload)
        await User.filter(id=user_id).update(pushes_since_seen=F("pushes_since_seen") + 1)

    async def push_voice(self, user_ref: str, audio: Path, text: str = "") -> None:
        """Read-aloud as a WeChat voice message; only through the customer-service window, never held."""
        user = await User.get(channel=CHANNEL, external_id=user_ref)
        now = db.now()
        if self.window.path("voice", user.last_seen_at, user.pushes_since_seen, now) != "custom":
            return  # the text went out as a template or is held; a voice without it would confuse
        mp3 = await asyncio.to_thread(ogg_to_mp3, audio.read_bytes())
        media_id = await self.api.upload_voice(mp3)
        await self._custom(user.id, {"touser": user_ref, "msgtype": "voice", "voice": {"media_id": media_id}})

    # -- the Channel side ---------------------------------------------------------
    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        user = await User.get(channel=CHANNEL, external_id=user_ref)
        text, buttons = as_text(replies)
        path = self.window.path("status", user.last_seen_at, user.pushes_since_seen, db.now())
        if path == "custom":
            await self._send(user, split_text(text), buttons)
            return
        if path != "template" or not await self._template(user_ref, replies):
            await self._hold(user, split_text(text))
        await self._show(user.id, ())  # a template, or a notice not shown yet: no options of earlier screens

    async def _send(self, user: User, parts: list[str], buttons: tuple[Button, ...]) -> None:
        """The parts of one reply in order, as customer-service messages within the quota; the rest held."""
        user = await User.get(id=user.id)  # the quota as it stands now
        now = db.now()
        for n, part in enumerate(parts):
            if self.window.path("status", user.last_seen_at, user.pushes_since_seen + n, now) != "custom":
                await self._hold(user, parts[n:])
                break
            try:
                await self._custom(user.id, custom_text(user.external_id, part))
            except (RuntimeError, aiohttp.ClientError):
                if n == 0:
                    raise  # nothing went out: the push is tried again as a whole
                log.warning("part %s of a reply to user %s held after a failed send", n + 1, user.id, exc_info=True)
                await self._hold(user, parts[n:])
                break
        else:
            await self._show(user.id, buttons)
            return
        await self._show(user.id, ())

    async def _hold(self, user: User, parts: list[str]) -> None:
        for part in parts:
            await HeldPush.create(user=user, payload=custom_text(user.external_id, part))

    async def _template(self, user_ref: str, replies: list[Reply]) -> bool:
        """Send the notice's facts as the status template; False when the replies carry none to show.

        WeChat shows only a template's keyword fields (not `first` or `remark`, since 2023-05-04), so a
        reply without facts (a reminder) would arrive blank: it waits for the person's next message instead.
        """
        facts = next((dict(r.facts) for r in replies if r.facts), {})
        data = template_data(facts, self.settings.wechat.template_fields)
        if not data:
            return False
        payload = template(user_ref, self.settings.wechat.templates["status"], data, self.settings.public_url)
        await self.api.post("/cgi-bin/message/template/send", payload)
        return True
