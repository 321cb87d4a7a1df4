"""A local stand-in for WeChat's API servers, and WeChat's side of the callback: signed and sealed posts.

The channel is pointed at ``FakeWechatApi`` by base URL; ``post`` sends the app a message as WeChat does in
safe mode (encrypted with wechatpy) and opens the passive reply; customer-service pushes are in ``api.sent``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from xml.etree import ElementTree

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from wechatpy.crypto import WeChatCrypto

from bot.channels.wechat import WechatChannel
from bot.edge.ratelimit import RateLimits
from bot.settings import Settings
from models.platform import PlatformToken

TOKEN, APP_ID, AES = "tok123", "wx1234567890abcdef", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
ACCOUNT = "gh_lingang"


class FakeWechatApi:
    """WeChat's API servers as far as we call them: token, media, customer-service and template sends.

    Only the newest token it issued is good: media calls with an older one answer errcode 40001 as WeChat does
    once another system fetched a new token.
    """

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.tokens = 0
        #: errcode every customer-service send answers with; 0 is success.
        self.custom_errcode = 0
        #: When set, customer-service sends wait until it is.
        self.custom_gate: asyncio.Event | None = None
        #: The file behind each MediaId that media/get hands out.
        self.media: dict[str, bytes] = {}
        #: When set, media/get waits until it is: a download as slow as a test wants.
        self.media_gate: asyncio.Event | None = None
        #: errcode media/get answers instead of any file (0: none), and the Content-Type WeChat gives errors.
        self.media_errcode = 0
        self.error_type = "text/plain"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/{kind}/send", self.send)
        app.router.add_post("/cgi-bin/{kind}/create", self.send)
        app.router.add_post("/cgi-bin/media/upload", self.upload)
        app.router.add_get("/cgi-bin/media/get", self.media_get)
        return app

    def error(self, errcode: int) -> web.Response:
        body = json.dumps({"errcode": errcode, "errmsg": "invalid credential, access_token is invalid"})
        return web.Response(text=body, content_type=self.error_type)

    def stale(self, request: web.Request) -> bool:
        return request.query["access_token"] != f"token-{self.tokens}"

    async def media_get(self, request: web.Request) -> web.Response:
        if self.media_gate is not None:
            await self.media_gate.wait()
        if self.stale(request) or self.media_errcode:
            return self.error(self.media_errcode or 40001)
        self.sent.append(("media", {"media_id": request.query["media_id"]}))
        return web.Response(body=self.media[request.query["media_id"]], content_type="image/jpeg")

    async def token(self, request: web.Request) -> web.Response:
        self.tokens += 1
        return web.json_response({"access_token": f"token-{self.tokens}", "expires_in": 7200})

    async def upload(self, request: web.Request) -> web.Response:
        if self.stale(request):
            return self.error(40001)
        form = await request.post()
        media = form["media"]
        assert request.query["type"] == "voice" and media.file.read(3) in (b"ID3", b"\xff\xfb", b"\xff\xf3")  # MP3
        self.sent.append(("upload", {"type": request.query["type"]}))
        return web.json_response({"type": "voice", "media_id": "media-1", "created_at": 1})

    async def send(self, request: web.Request) -> web.Response:
        assert request.query["access_token"].startswith("token-")
        if request.match_info["kind"] == "custom" and self.custom_gate is not None:
            await self.custom_gate.wait()
        if request.match_info["kind"] == "custom" and self.custom_errcode:
            return web.json_response({"errcode": self.custom_errcode, "errmsg": "response out of time limit"})
        self.sent.append((request.match_info["kind"], await request.json()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})


class ShiftedClock:
    """The real clock moved by `offset` seconds: the channel's view of now, for window and pruning tests."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@asynccontextmanager
async def serving(dialogs, files, **env: str) -> AsyncIterator[tuple[TestClient, FakeWechatApi, WechatChannel]]:  # type: ignore[no-untyped-def]
    api = FakeWechatApi()
    await PlatformToken.filter(name=f"wechat:{APP_ID}").delete()  # issued by an earlier test's fake server
    async with TestServer(api.app()) as api_server:
        base = {
            "WECHAT_TOKEN": TOKEN,
            "WECHAT_APP_ID": APP_ID,
            "WECHAT_APP_SECRET": "secret",
            "WECHAT_API_BASE_URL": f"http://127.0.0.1:{api_server.port}",
            "WECHAT_TEMPLATES": "status=tmpl-status",
        }
        settings = Settings.from_env({**base, **env})
        # The web process's rate limits, as bot.app.build_app passes them (in memory: no Redis here)
        limits = RateLimits(settings.edge)
        channel = WechatChannel(settings, dialogs, files, clock=ShiftedClock(), limits=limits)
        # A loaded test machine may take seconds over a first search: the tests of the budget shorten it
        channel.passive_seconds = 60.0
        dialogs.channels.add(channel)
        app = web.Application()
        app.add_routes(channel.routes())
        try:
            async with TestClient(TestServer(app)) as client:
                yield client, api, channel
        finally:
            await channel.close()


def fresh_nonce() -> str:
    return uuid.uuid4().hex[:10]  # the test database lives for the session: every post needs its own


def signed(timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    ts, nonce = str(timestamp or int(time.time())), nonce or fresh_nonce()
    signature = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": ts, "nonce": nonce}


def sealed(xml: str, timestamp: int | None = None, nonce: str | None = None) -> tuple[dict[str, str], bytes]:
    """A safe-mode POST as WeChat sends it (sealed by wechatpy): query string and body."""
    query = signed(timestamp, nonce)
    envelope = WeChatCrypto(TOKEN, AES, APP_ID).encrypt_message(xml, query["nonce"], query["timestamp"])
    msg_signature = _fields(envelope)["MsgSignature"]
    return query | {"encrypt_type": "aes", "msg_signature": msg_signature}, envelope.encode()


async def post_sealed(client: TestClient, query: dict[str, str], body: bytes) -> tuple[int, str]:
    """Post, and open the reply if it came back sealed."""
    response = await client.post("/wechat", params=query, data=body)
    text = await response.text()
    if response.status == 200 and "<Encrypt>" in text:
        f = _fields(text)
        text = WeChatCrypto(TOKEN, AES, APP_ID).decrypt_message(text, f["MsgSignature"], f["TimeStamp"], f["Nonce"])
    return response.status, text


async def post(client: TestClient, xml: str) -> tuple[int, str]:
    """A message from WeChat in safe mode, with a fresh nonce."""
    return await post_sealed(client, *sealed(xml))


def text_xml(openid: str, content: str, msg_id: str, kind: str = "text", extra: str = "") -> str:
    body = f"<Content><![CDATA[{content}]]></Content>" if kind == "text" else extra
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{body}"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def _fields(xml: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ElementTree.fromstring(xml)}


def customs(api: FakeWechatApi, since: int = 0) -> list[str]:
    return [p["text"]["content"] for k, p in api.sent[since:] if k == "custom" and p["msgtype"] == "text"]


def image_xml(openid: str, media_id: str, msg_id: str) -> str:
    extra = f"<PicUrl><![CDATA[http://mmbiz.example/{media_id}]]></PicUrl><MediaId><![CDATA[{media_id}]]></MediaId>"
    return text_xml(openid, "", msg_id, kind="image", extra=extra)
