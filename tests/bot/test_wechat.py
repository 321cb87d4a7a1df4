"""The WeChat Official Account endpoint over real HTTP, checked against wechatpy, and its push paths."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import AsyncIterator
from typing import Any
from xml.etree import ElementTree

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from wechatpy.crypto import WeChatCrypto

from bot.channels.wechat import WechatChannel
from bot.settings import Settings
from handlers.events import Reply
from models.platform import HeldPush
from models.user import User

TOKEN, APP_ID, AES = "tok123", "wx1234567890abcdef", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
ACCOUNT = "gh_lingang"


class FakeWechatApi:
    """WeChat's API servers as far as we call them: token, customer-service and template sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.tokens = 0
        #: errcode every customer-service send answers with; 0 is success.
        self.custom_errcode = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/{kind}/send", self.send)
        app.router.add_post("/cgi-bin/{kind}/create", self.send)
        app.router.add_post("/cgi-bin/media/upload", self.upload)
        return app

    async def token(self, request: web.Request) -> web.Response:
        self.tokens += 1
        return web.json_response({"access_token": f"token-{self.tokens}", "expires_in": 7200})

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        media = form["media"]
        assert request.query["type"] == "voice" and media.file.read(3) in (b"ID3", b"\xff\xfb", b"\xff\xf3")  # MP3
        self.sent.append(("upload", {"type": request.query["type"]}))
        return web.json_response({"type": "voice", "media_id": "media-1", "created_at": 1})

    async def send(self, request: web.Request) -> web.Response:
        assert request.query["access_token"].startswith("token-")
        if request.match_info["kind"] == "custom" and self.custom_errcode:
            return web.json_response({"errcode": self.custom_errcode, "errmsg": "response out of time limit"})
        self.sent.append((request.match_info["kind"], await request.json()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})


@pytest.fixture
async def wechat(dialogs, files) -> AsyncIterator[tuple[TestClient, FakeWechatApi, WechatChannel]]:  # type: ignore[no-untyped-def]
    api = FakeWechatApi()
    async with TestServer(api.app()) as api_server:
        settings = Settings.from_env(
            {
                "WECHAT_TOKEN": TOKEN,
                "WECHAT_APP_ID": APP_ID,
                "WECHAT_APP_SECRET": "secret",
                "WECHAT_AES_KEY": AES,
                "WECHAT_API_BASE_URL": f"http://127.0.0.1:{api_server.port}",
                "WECHAT_TEMPLATES": "status=tmpl-status",
            }
        )
        channel = WechatChannel(settings, dialogs, files)
        dialogs.channels.add(channel)
        app = web.Application()
        app.add_routes(channel.routes())
        async with TestClient(TestServer(app)) as client:
            yield client, api, channel
        await channel.close()


def signed(timestamp: int | None = None, nonce: str = "n0nce") -> dict[str, str]:
    ts = str(timestamp or int(time.time()))
    signature = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": ts, "nonce": nonce}


def text_xml(openid: str, content: str, msg_id: str, kind: str = "text", extra: str = "") -> str:
    body = f"<Content><![CDATA[{content}]]></Content>" if kind == "text" else extra
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{body}"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


async def post_plain(client: TestClient, xml: str, query: dict[str, str] | None = None) -> tuple[int, str]:
    response = await client.post("/wechat", params=query or signed(), data=xml.encode())
    return response.status, await response.text()


async def test_the_url_check(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    ok = await client.get("/wechat", params={**signed(), "echostr": "hello-wechat"})
    assert ok.status == 200 and await ok.text() == "hello-wechat"
    forged = await client.get("/wechat", params={**signed(), "signature": "0" * 40, "echostr": "x"})
    assert forged.status == 403


async def test_numbered_options_answer_by_number_in_plain_mode(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    status, reply = await post_plain(client, text_xml("openid-a", "退休", "1001"))
    assert status == 200 and "<MsgType><![CDATA[text]]></MsgType>" in reply and "退休" in reply
    # the menu offered 退休 as the only match, numbered: "1" picks it
    status, reply = await post_plain(client, text_xml("openid-a", "1", "1002"))
    assert "一次告知" in reply and "[1]" in reply


async def test_a_repost_is_handled_once(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    xml = text_xml("openid-b", "/start", "2001")
    first = await post_plain(client, xml)
    again = await post_plain(client, xml)
    assert "您好" in first[1] and again == (200, "success")


@pytest.mark.parametrize(
    ("query", "body", "status"),
    [
        ({**signed(), "signature": "f" * 40}, text_xml("openid-c", "hi", "3001"), 403),
        (signed(timestamp=int(time.time()) - 3600), text_xml("openid-c", "hi", "3002"), 403),
        (signed(), "<xml><ToUserName>broken", 400),
        (signed(), '<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>', 400),
    ],
    ids=["forged-signature", "replayed-timestamp", "malformed-xml", "entity-declaration"],
)
async def test_bad_posts_are_refused_and_change_nothing(wechat, query, body, status) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    response = await client.post("/wechat", params=query, data=body.encode())
    assert response.status == status
    assert not await User.filter(channel="wechat", external_id="openid-c").exists()


async def test_safe_mode_round_trip_with_wechatpy(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    crypto = WeChatCrypto(TOKEN, AES, APP_ID)
    ts, nonce = str(int(time.time())), "safe-nonce"
    event = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[openid-d]]></FromUserName>"
        f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>"
    )
    envelope = crypto.encrypt_message(event, nonce, ts)
    fields = _fields(envelope)
    query = {"timestamp": ts, "nonce": nonce, "encrypt_type": "aes", "msg_signature": fields["MsgSignature"]}
    response = await client.post("/wechat", params=query, data=envelope.encode())
    assert response.status == 200
    reply = await response.text()
    sealed = _fields(reply)
    plain = crypto.decrypt_message(reply, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"])
    assert "您好" in plain


async def test_voice_with_recognition_is_read_as_typed_text(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    voice = (
        "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[充电桩]]></Recognition>"
    )
    status, reply = await post_plain(client, text_xml("openid-e", "", "4001", kind="voice", extra=voice))
    assert status == 200 and "居民充电桩报装" in reply


async def test_pushes_take_the_open_path_and_wait_when_none_is(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post_plain(client, text_xml("openid-f", "/start", "5001"))
    # Within 48 hours of the person's message: a customer-service message
    await channel.push("openid-f", [Reply("办件 LG20261126-0001：已受理")])
    assert api.sent[-1][0] == "custom" and "已受理" in api.sent[-1][1]["text"]["content"]
    # Days later: the configured template
    await User.filter(external_id="openid-f").update(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=49))
    await channel.push("openid-f", [Reply("办件 LG20261126-0001：已通过\n全部办结")])
    assert api.sent[-1][0] == "template" and api.sent[-1][1]["template_id"] == "tmpl-status"
    # No template for that kind and outside the window: kept until the person writes again
    channel.window = type(channel.window)(frozenset())
    await channel.push("openid-f", [Reply("提醒")])
    assert await HeldPush.filter(user__external_id="openid-f").count() == 1
    sent_before = len(api.sent)
    await post_plain(client, text_xml("openid-f", "/status", "5002"))
    assert len(api.sent) == sent_before + 1 and api.sent[-1][1]["text"]["content"] == "提醒"
    assert await HeldPush.filter(user__external_id="openid-f").count() == 0
    assert api.tokens == 1  # one token, shared, not one per send


async def hold(channel: WechatChannel, openid: str, *texts: str) -> None:
    """Notices pushed while the person's window is shut and no template fits: they are held."""
    await User.filter(external_id=openid).update(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=49))
    channel.window = type(channel.window)(frozenset())
    for text in texts:
        await channel.push(openid, [Reply(text)])


async def test_held_notices_go_out_within_the_quota_and_the_rest_wait(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post_plain(client, text_xml("openid-q", "/start", "8001"))
    await hold(channel, "openid-q", *(f"通知{n}" for n in range(7)))
    before = len(api.sent)
    status, reply = await post_plain(client, text_xml("openid-q", "/status", "8002"))
    assert status == 200 and reply
    held_sent = [p["text"]["content"] for k, p in api.sent[before:] if k == "custom"]
    assert held_sent == [f"通知{n}" for n in range(5)]  # WeChat allows 5 per window
    assert await HeldPush.filter(user__external_id="openid-q").count() == 2
    assert (await User.get(external_id="openid-q")).pushes_since_seen == 5


async def test_a_held_notice_that_fails_is_kept_and_the_message_still_answered(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post_plain(client, text_xml("openid-r", "/start", "8101"))
    await hold(channel, "openid-r", "提醒")
    api.custom_errcode = 45015
    for msg_id in ("8102", "8103"):  # and the next message too: nobody is stuck behind it
        status, reply = await post_plain(client, text_xml("openid-r", "/status", msg_id))
        assert status == 200 and "办件" in reply
    assert await HeldPush.filter(user__external_id="openid-r").count() == 1


async def test_a_menu_click_does_not_open_the_48_hour_window(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    click = (
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>openid-s</FromUserName><CreateTime>{int(time.time())}"
        "</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>STATUS</EventKey></xml>"
    )
    status, _ = await post_plain(client, click)
    assert status == 200
    assert (await User.get(external_id="openid-s")).last_seen_at is None


def _fields(xml: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ElementTree.fromstring(xml)}


async def test_wecom_robots_get_cards_as_markdown_with_the_staff_page_link() -> None:
    from bot.channels.wecom import WecomRobotBoard

    posted: list[dict[str, Any]] = []

    async def robot(request: web.Request) -> web.Response:
        assert request.query["key"] == "robot-key"
        posted.append(await request.json())
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    app = web.Application()
    app.router.add_post("/cgi-bin/webhook/send", robot)
    async with TestServer(app) as server:
        board = WecomRobotBoard({"fire": "robot-key"}, f"http://127.0.0.1:{server.port}", "https://yjs.example")
        where = await board.show_card("fire", None, Reply("【办件】LG1", ()))
        again = await board.show_card("fire", where, Reply("【办件】LG1 已受理", ()))
        assert await board.show_card("power", None, Reply("x")) is None  # not a WeCom department
        await board.close()
    assert [p["msgtype"] for p in posted] == ["markdown", "markdown"] and again == {"posts": 2}
    assert "https://yjs.example/staff#department=fire" in posted[0]["markdown"]["content"]


async def test_an_unsupported_message_gets_a_polite_answer(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    location = "<Location_X>35.1</Location_X><Location_Y>118.3</Location_Y><Scale>15</Scale><Label>临港</Label>"
    status, reply = await post_plain(client, text_xml("openid-g", "", "6001", kind="location", extra=location))
    assert status == 200 and "暂时只能处理" in reply


async def test_the_account_menu_and_its_clicks(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await channel.install_menu()
    kind, menu = api.sent[-1]
    assert kind == "menu" and [b["key"] for b in menu["button"]] == ["MENU", "STATUS", "HELP"]
    click = (
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>openid-h</FromUserName><CreateTime>{int(time.time())}"
        "</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>STATUS</EventKey></xml>"
    )
    status, reply = await post_plain(client, click)
    assert status == 200 and "还没有提交过办件" in reply


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="make test installs espeak-ng")
async def test_read_aloud_goes_out_as_a_voice_message_within_the_window(wechat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.settings import SpeechSettings
    from bot.speech.cache import SpeechCache
    from bot.speech.tts import make_tts

    client, api, channel = wechat
    await post_plain(client, text_xml("openid-v", "/start", "7001"))
    tts = make_tts(SpeechSettings())
    assert tts is not None
    audio = await SpeechCache(tmp_path, tts).voice_for("您的办件已受理。", "zh_CN", elder=True)
    await channel.push_voice("openid-v", audio)
    assert [k for k, _ in api.sent[-2:]] == ["upload", "custom"]
    assert api.sent[-1][1] == {"touser": "openid-v", "msgtype": "voice", "voice": {"media_id": "media-1"}}
