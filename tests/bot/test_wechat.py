"""The WeChat Official Account endpoint over real HTTP, checked against wechatpy, and its push paths."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_wechat import (
    ACCOUNT,
    AES,
    APP_ID,
    FakeWechatApi,
    ShiftedClock,
    customs,
    image_xml,
    post,
    post_sealed,
    sealed,
    serving,
    signed,
    text_xml,
)

from bot.channels.wechat import WechatChannel, as_text
from bot.settings import Settings, SettingsError
from handlers.events import InboundEvent, Reply
from models.conversation import ConversationState
from models.ledger import forget_delivery
from models.nonces import SeenNonce, nonce_key
from models.platform import HeldPush, PlatformToken
from models.user import User
from tests.samples import JPEG, PNG


@pytest.fixture
async def wechat(dialogs, files) -> AsyncIterator[tuple[TestClient, FakeWechatApi, WechatChannel]]:  # type: ignore[no-untyped-def]
    """The account in safe mode, as production runs it."""
    async with serving(dialogs, files, WECHAT_AES_KEY=AES) as served:
        yield served


@pytest.fixture
async def plain_wechat(dialogs, files) -> AsyncIterator[tuple[TestClient, FakeWechatApi, WechatChannel]]:  # type: ignore[no-untyped-def]
    """The account in plain mode (no EncodingAESKey): for development only."""
    async with serving(dialogs, files) as served:
        yield served


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
    status, reply = await post(client, text_xml("openid-a", "退休", "1001"))
    assert status == 200 and "<MsgType><![CDATA[text]]></MsgType>" in reply and "退休" in reply
    # the menu offered 退休 as the only match, numbered: "1" picks it
    status, reply = await post(client, text_xml("openid-a", "1", "1002"))
    assert "一次告知" in reply and "[1]" in reply


def forged_signature() -> tuple[dict[str, str], bytes]:
    query, body = sealed(text_xml("openid-c", "hi", "3001"))
    return query | {"msg_signature": "f" * 40}, body


def stale_timestamp() -> tuple[dict[str, str], bytes]:
    # Correctly signed, but an hour old: as a request lifted from yesterday's log would be.
    return sealed(text_xml("openid-c", "hi", "3002"), timestamp=int(time.time()) - 3600)


def malformed_inner_xml() -> tuple[dict[str, str], bytes]:
    return sealed("<xml><ToUserName>broken")


def entity_declaration() -> tuple[dict[str, str], bytes]:
    return signed() | {"encrypt_type": "aes"}, b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'


@pytest.mark.parametrize(
    ("build", "status"),
    [(forged_signature, 403), (stale_timestamp, 403), (malformed_inner_xml, 400), (entity_declaration, 400)],
    ids=["forged-signature", "stale-timestamp", "malformed-xml", "entity-declaration"],
)
async def test_bad_posts_are_refused_and_change_nothing(wechat, build, status) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    query, body = build()
    response = await client.post("/wechat", params=query, data=body)
    assert response.status == status
    assert not await User.filter(channel="wechat", external_id="openid-c").exists()


async def test_safe_mode_round_trip_with_wechatpy(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    ts = str(int(time.time()))
    event = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[openid-d]]></FromUserName>"
        f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>"
    )
    status, plain = await post_sealed(client, *sealed(event))  # post_sealed opens the reply with wechatpy
    assert status == 200 and "您好" in plain


async def test_a_plain_post_is_refused_in_safe_mode(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    # A plain signature covers only token, timestamp and nonce: with it, any body passes for any sender
    status, _ = await post_plain(client, text_xml("openid-p", "/status", "3101"))
    assert status == 403
    assert not await User.filter(channel="wechat", external_id="openid-p").exists()


def count_handled(channel: WechatChannel, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The events the engine is given from now on."""
    handled: list[object] = []
    assert channel.dialogs is not None
    handle = channel.dialogs.handle

    async def counting(event):  # type: ignore[no-untyped-def]
        handled.append(event)
        return await handle(event)

    monkeypatch.setattr(channel.dialogs, "handle", counting)
    return handled


async def test_a_replayed_message_is_refused_and_handled_once(wechat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    handled = count_handled(channel, monkeypatch)
    query, body = sealed(text_xml("openid-x", "/start", "3201"))
    assert (await post_sealed(client, query, body))[0] == 200
    # The request again, word for word, even once the message dedupe has forgotten it
    await forget_delivery("wechat:3201")
    assert await post_sealed(client, query, body) == (403, "replay")
    assert len(handled) == 1


async def test_a_message_replayed_to_another_process_is_refused(wechat, dialogs, files, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    handled = count_handled(channel, monkeypatch)
    query, body = sealed(text_xml("openid-v", "/start", "3251"))
    assert (await post_sealed(client, query, body))[0] == 200
    # The same request to a second serve process behind the load balancer, sharing the database
    async with serving(dialogs, files, WECHAT_AES_KEY=AES) as (other, _, _):
        await forget_delivery("wechat:3251")
        assert await post_sealed(other, query, body) == (403, "replay")
    assert len(handled) == 1


async def test_a_reused_nonce_with_another_body_is_refused_in_plain_mode(plain_wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = plain_wechat
    query = signed()
    status, reply = await post_plain(client, text_xml("openid-y", "/start", "3301"), query)
    assert status == 200 and "您好" in reply
    # The attack: the same signed query string, someone else's OpenID in the body
    status, _ = await post_plain(client, text_xml("openid-z", "/status", "3302"), query)
    assert status == 403
    assert not await User.filter(channel="wechat", external_id="openid-z").exists()


async def test_a_timestamp_outside_the_window_is_refused(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    query, body = sealed(text_xml("openid-w", "/start", "3401"))
    cast(ShiftedClock, channel.clock).offset = 301  # five minutes and a second after WeChat signed it
    assert (await post_sealed(client, query, body))[0] == 403
    cast(ShiftedClock, channel.clock).offset = -301  # or as far before: a clock running fast
    assert (await post_sealed(client, query, body))[0] == 403
    assert not await User.filter(channel="wechat", external_id="openid-w").exists()


async def test_old_nonces_are_pruned(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    old = int(time.time()) - 3600
    await SeenNonce.create(key=nonce_key("wechat", old, "old"), signed_at=old)
    channel._claims = 0  # the process's first claim prunes
    assert (await post(client, text_xml("openid-u", "/start", "3501")))[0] == 200
    assert not await SeenNonce.filter(key=nonce_key("wechat", old, "old")).exists()
    assert await SeenNonce.filter(signed_at__gt=old).exists()  # the fresh one stays


async def test_plain_mode_warns_at_start(dialogs, files, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING, logger="bot.channels.wechat"):
        async with serving(dialogs, files):
            pass
        assert "WECHAT_AES_KEY" in caplog.text and "development" in caplog.text
        caplog.clear()
        async with serving(dialogs, files, WECHAT_AES_KEY=AES):
            pass
        assert "WECHAT_AES_KEY" not in caplog.text


async def test_voice_with_recognition_is_read_as_typed_text(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    voice = (
        "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[充电桩]]></Recognition>"
    )
    status, reply = await post(client, text_xml("openid-e", "", "4001", kind="voice", extra=voice))
    assert status == 200 and "居民充电桩报装" in reply


async def test_pushes_take_the_open_path_and_wait_when_none_is(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post(client, text_xml("openid-f", "/start", "5001"))
    # Within 48 hours of the person's message: a customer-service message
    await channel.push("openid-f", [Reply("办件 LG20261126-0001：已受理")])
    assert api.sent[-1][0] == "custom" and "已受理" in api.sent[-1][1]["text"]["content"]
    # Days later: the configured template
    await User.filter(external_id="openid-f").update(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=49))
    await channel.push("openid-f", [Reply("办件 LG20261126-0001：已通过\n全部办结", facts=NOTICE)])
    assert api.sent[-1][0] == "template" and api.sent[-1][1]["template_id"] == "tmpl-status"
    assert api.sent[-1][1]["data"]["keyword1"] == {"value": "LG20261126-0001"}  # the default layout
    # No template for that kind and outside the window: kept until the person writes again
    channel.window = type(channel.window)(frozenset())
    await channel.push("openid-f", [Reply("提醒")])
    assert await HeldPush.filter(user__external_id="openid-f").count() == 1
    sent_before = len(api.sent)
    await post(client, text_xml("openid-f", "/status", "5002"))
    assert len(api.sent) == sent_before + 1 and api.sent[-1][1]["text"]["content"] == "提醒"
    assert await HeldPush.filter(user__external_id="openid-f").count() == 0
    assert api.tokens == 1  # one token, shared, not one per send


#: The facts of a status notice, as handlers.notices.status_notice gives them.
NOTICE = (
    ("number", "LG20261126-0001"),
    ("name", "新生儿出生一件事"),
    ("item", "城乡居民基本医疗保险参保登记（新生儿随父母参保）"),
    ("status", "已补正待受理"),
    ("time", "2026-11-26T01:30:00+00:00"),
)


async def test_a_template_notice_fills_the_keyword_fields_within_their_limits(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    fields = "number=character_string1,item=thing2,status=phrase3,time=time4"
    async with serving(dialogs, files, WECHAT_AES_KEY=AES, WECHAT_TEMPLATE_FIELDS=fields) as (client, api, channel):
        await post(client, text_xml("openid-t", "/start", "9001"))
        await User.filter(external_id="openid-t").update(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
        await channel.push("openid-t", [Reply("办件 LG20261126-0001：已受理\n其余事项正在办理", facts=NOTICE)])
        kind, payload = api.sent[-1]
        assert kind == "template" and payload["template_id"] == "tmpl-status"
        # WeChat has shown only the keyword fields since 2023-05-04: no first/remark to rely on
        assert payload["data"] == {
            "character_string1": {"value": "LG20261126-0001"},
            "thing2": {"value": "城乡居民基本医疗保险参保登记（新生儿随…"},  # thing: 20 characters at most
            "phrase3": {"value": "已补正待受"},  # phrase: 5 Chinese characters at most
            "time4": {"value": "2026年11月26日 09:30"},  # China Standard Time, as the time kind wants
        }
        # A notice with no facts (a reminder) would arrive blank: it waits for the person's next message
        await channel.push("openid-t", [Reply("您的办件还没办完")])
        assert api.sent[-1] == (kind, payload)
        assert await HeldPush.filter(user__external_id="openid-t").count() == 1


@pytest.mark.parametrize(
    "raw",
    ["numbr=character_string1", "number", "number=thing 2", "number=thing2,item=thing2"],
    ids=["unknown-fact", "no-field", "bad-field-name", "field-twice"],
)
def test_malformed_template_fields_are_refused_at_start(raw: str) -> None:
    with pytest.raises(SettingsError, match=r"^WECHAT_TEMPLATE_FIELDS: ") as refused:
        Settings.from_env({"WECHAT_TEMPLATE_FIELDS": raw})
    assert "\n" not in str(refused.value)


async def hold(channel: WechatChannel, openid: str, *texts: str) -> None:
    """Notices pushed while the person's window is shut and no template fits: they are held."""
    await User.filter(external_id=openid).update(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=49))
    channel.window = type(channel.window)(frozenset())
    for text in texts:
        await channel.push(openid, [Reply(text)])


async def test_held_notices_go_out_within_the_quota_and_the_rest_wait(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post(client, text_xml("openid-q", "/start", "8001"))
    await hold(channel, "openid-q", *(f"通知{n}" for n in range(7)))
    before = len(api.sent)
    status, reply = await post(client, text_xml("openid-q", "/status", "8002"))
    assert status == 200 and reply
    held_sent = [p["text"]["content"] for k, p in api.sent[before:] if k == "custom"]
    assert held_sent == [f"通知{n}" for n in range(5)]  # WeChat allows 5 per window
    assert await HeldPush.filter(user__external_id="openid-q").count() == 2
    assert (await User.get(external_id="openid-q")).pushes_since_seen == 5


async def test_a_held_notice_that_fails_is_kept_and_the_message_still_answered(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post(client, text_xml("openid-r", "/start", "8101"))
    await hold(channel, "openid-r", "提醒")
    api.custom_errcode = 45015
    for msg_id in ("8102", "8103"):  # and the next message too: nobody is stuck behind it
        status, reply = await post(client, text_xml("openid-r", "/status", msg_id))
        assert status == 200 and "办件" in reply
    assert await HeldPush.filter(user__external_id="openid-r").count() == 1


async def test_a_menu_click_does_not_open_the_48_hour_window(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = wechat
    click = (
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>openid-s</FromUserName><CreateTime>{int(time.time())}"
        "</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>STATUS</EventKey></xml>"
    )
    status, _ = await post(client, click)
    assert status == 200
    assert (await User.get(external_id="openid-s")).last_seen_at is None


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
    status, reply = await post(client, text_xml("openid-g", "", "6001", kind="location", extra=location))
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
    status, reply = await post(client, click)
    assert status == 200 and "还没有提交过办件" in reply


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="make test installs espeak-ng")
async def test_read_aloud_goes_out_as_a_voice_message_within_the_window(wechat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.settings import SpeechSettings
    from bot.speech.cache import SpeechCache
    from bot.speech.tts import make_tts

    client, api, channel = wechat
    await post(client, text_xml("openid-v", "/start", "7001"))
    tts = make_tts(SpeechSettings())
    assert tts is not None
    audio = await SpeechCache(tmp_path, tts).voice_for("您的办件已受理。", "zh_CN", elder=True)
    await channel.push_voice("openid-v", audio)
    assert [k for k, _ in api.sent[-2:]] == ["upload", "custom"]
    assert api.sent[-1][1] == {"touser": "openid-v", "msgtype": "voice", "voice": {"media_id": "media-1"}}


# --- WeChat on a bad day: a slow download, a stale token, a long notice, a late reply ---------------------

#: The retirement errand up to its first document: 身份证, then 户口簿.
TO_THE_DOCUMENTS = (
    "退休",
    "1",
    "1",
    "1",  # 同意并继续, to the privacy notice
    "371302196201010012",  # the ID number and the retirement type decide: asked first
    "1",
    "张三",
    "13800138000",
    "1",
    "临港区滨海路8号阳光小区3号楼",
)


async def walk(client: TestClient, openid: str, typed: tuple[str, ...]) -> str:
    """Type each answer, each replied to before the next is typed; the last passive reply."""
    reply = ""
    for n, text in enumerate(typed):
        _, reply = await post(client, text_xml(openid, text, f"{openid}-walk-{n}"))
    return reply


async def materials(openid: str) -> dict[str, list[dict[str, Any]]]:
    user = await User.get(channel="wechat", external_id=openid)
    state = await ConversationState.get(user=user)
    return cast(dict[str, list[dict[str, Any]]], state.state.get("materials", {}))


async def test_a_slow_photo_is_answered_in_time_and_kept_for_the_document_asked_for(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    # Given a resident asked for their 身份证, and a media/get that hangs until the test lets it go
    assert "身份证" in await walk(client, "openid-slow", TO_THE_DOCUMENTS)
    api.media |= {"id-front": JPEG, "id-again": PNG}
    api.media_gate, channel.passive_seconds = asyncio.Event(), 0.5
    before = len(api.sent)
    # When they send the photo: answered within WeChat's 5 s whatever the download does
    first = image_xml("openid-slow", "id-front", "7101")
    assert await asyncio.wait_for(post(client, first), 30) == (200, "success")
    # And WeChat posts it again, and the resident, who saw nothing, sends the photo once more
    assert await asyncio.wait_for(post(client, first), 30) == (200, "success")
    assert await asyncio.wait_for(post(client, image_xml("openid-slow", "id-again", "7102")), 30) == (200, "success")
    api.media_gate.set()
    await channel.inbound.settle()
    # Then each photo is answered once, as a customer-service message, and both are kept as the
    # 身份证 (its front and back), never the second as the 户口簿 asked for next
    answers = customs(api, before)
    assert len(answers) == 2 and "已收到正面" in answers[0]
    assert "已收到“身份证" in answers[1] and "户口簿" in answers[1]
    kept = await materials("openid-slow")
    assert list(kept) == ["id_card"] and [f["kind"] for f in kept["id_card"]] == ["image", "image"]
    assert [k for k, _ in api.sent[before:]].count("media") == 2  # the re-post fetched nothing again


async def test_held_notices_sent_slowly_do_not_hold_up_the_answer(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post(client, text_xml("openid-held", "/start", "7151"))
    await hold(channel, "openid-held", "通知：材料已补正")
    api.custom_gate, channel.passive_seconds = asyncio.Event(), 0.5
    before = len(api.sent)
    # The customer-service API hangs while the held notice goes out: the post is answered in time all the same
    assert await asyncio.wait_for(post(client, text_xml("openid-held", "/status", "7152")), 30) == (200, "success")
    api.custom_gate.set()
    await channel.inbound.settle()
    sent = customs(api, before)
    assert len(sent) == 2 and sent[0] == "通知：材料已补正" and "办件" in sent[1]  # the held notice, then the answer


async def test_a_repost_waits_for_the_answer_within_its_own_budget(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    assert "身份证" in await walk(client, "openid-repost", TO_THE_DOCUMENTS)
    api.media["id-1"] = JPEG
    api.media_gate, channel.passive_seconds = asyncio.Event(), 0.5
    before = len(api.sent)
    photo = image_xml("openid-repost", "id-1", "7201")
    assert await post(client, photo) == (200, "success")  # the first post's answer is lost on the way
    # WeChat posts again while the photo is still being fetched; this time the work ends within the budget
    channel.passive_seconds = 60.0
    again = asyncio.ensure_future(post(client, photo))
    while not any(i.waiting for i in channel.inbound.messages.values()):
        await asyncio.sleep(0.01)
    api.media_gate.set()
    status, reply = await again
    await channel.inbound.settle()
    assert status == 200 and "已收到正面" in reply  # the ID card's front: its back is asked next
    assert customs(api, before) == []  # answered once: passively, not pushed as well


async def test_a_repost_of_an_answer_that_did_not_arrive_gets_it_again(wechat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    handled = count_handled(channel, monkeypatch)
    xml = text_xml("openid-b2", "/start", "2101")
    first, again = await post(client, xml), await post(client, xml)
    assert "您好" in first[1] and again == first and len(handled) == 1


@pytest.mark.parametrize(("errcode", "content_type"), [(40001, "text/plain"), (42001, "application/json")])
async def test_a_photo_is_fetched_with_a_fresh_token_when_the_cached_one_is_refused(
    wechat, errcode: int, content_type: str
) -> None:  # type: ignore[no-untyped-def]
    client, api, _ = wechat
    assert "身份证" in await walk(client, f"openid-tok{errcode}", TO_THE_DOCUMENTS)
    # Another system fetched a new token: the one we hold is refused, in a JSON body instead of the file
    await PlatformToken.filter(name=f"wechat:{APP_ID}").update(value="token-elsewhere")
    api.media["id-1"], api.error_type = JPEG, content_type
    tokens = api.tokens
    _, reply = await post(client, image_xml(f"openid-tok{errcode}", "id-1", f"73{errcode}"))
    assert "已收到正面" in reply and "不是可接受的格式" not in reply
    assert api.tokens == tokens + 1  # one refresh, then the file


async def test_a_photo_wechat_will_not_hand_over_is_asked_for_again(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, _ = wechat
    assert "身份证" in await walk(client, "openid-nomedia", TO_THE_DOCUMENTS)
    api.media_errcode = 40001  # refused even with a fresh token
    _, reply = await post(client, image_xml("openid-nomedia", "id-1", "7401"))
    assert "没能取到您发来的图片" in reply and "再发送一次" in reply and "格式" not in reply
    assert await materials("openid-nomedia") == {}


async def test_a_voice_upload_retries_with_a_fresh_token(wechat) -> None:  # type: ignore[no-untyped-def]
    _, api, channel = wechat
    await channel.api.token()
    await PlatformToken.filter(name=f"wechat:{APP_ID}").update(value="token-elsewhere")
    assert await channel.api.upload_voice(b"ID3" + bytes(64)) == "media-1"
    assert api.sent[-1] == ("upload", {"type": "voice"})


async def test_a_long_notice_is_split_at_line_ends_within_wechats_limit(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    other = await channel.dialogs.handle(InboundEvent("wechat", "openid-whole", "text", text="施工许可"))
    button = other[-1].buttons[0]
    whole, _ = as_text(await channel.dialogs.handle(InboundEvent("wechat", "openid-whole", "button", text=button.data)))
    assert "一次告知" in whole and len(whole.encode()) > 2048  # the real notice: 2,138 bytes
    before = len(api.sent)
    first = await walk(client, "openid-long", ("施工许可", "1"))
    await channel.inbound.settle()
    first = first.split("<Content><![CDATA[", 1)[1].rsplit("]]></Content>", 1)[0]
    parts = [first, *customs(api, before)]
    assert len(parts) == 2 and all(len(p.encode()) <= 2048 for p in parts)
    assert "\n".join(parts).replace("\n\n", "\n") == whole.replace("\n\n", "\n")  # in order, cut at a line end
    # The options came with the last part: "1" starts the errand (its privacy notice first)
    _, reply = await post(client, text_xml("openid-long", "1", "7501"))
    assert "个人信息告知" in reply


async def test_a_long_push_uses_the_quota_that_is_left_and_holds_the_rest(wechat) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    await post(client, text_xml("openid-quota", "/start", "7601"))
    await User.filter(external_id="openid-quota").update(pushes_since_seen=4)
    lines = [f"第{n}行：" + "临港经济开发区高效办成一件事" * 20 for n in range(6)]
    before = len(api.sent)
    await channel.push("openid-quota", [Reply("\n".join(lines))])
    sent = customs(api, before)
    held = [
        h.payload["text"]["content"] for h in await HeldPush.filter(user__external_id="openid-quota").order_by("id")
    ]
    assert len(sent) == 1 and held and "\n".join(sent + held) == "\n".join(lines)
    assert all(len(p.encode()) <= 2048 for p in sent + held)


async def test_a_late_reply_without_options_clears_the_earlier_ones(wechat) -> None:  # type: ignore[no-untyped-def]
    client, _, channel = wechat
    _, menu = await post(client, text_xml("openid-opts", "/start", "7701"))
    assert "[1] 领取失业保险金" in menu
    # A reply pushed later, without options: the menu's numbers are gone from the screen
    await channel.push("openid-opts", [Reply("办件 LG20261126-0001：已受理")])
    assert (await User.get(external_id="openid-opts")).last_buttons == []
    _, reply = await post(client, text_xml("openid-opts", "1", "7702"))
    assert "领取失业保险金】一次告知" not in reply


async def test_work_that_fails_after_its_answer_was_due_is_explained_to_the_resident(wechat, caplog) -> None:  # type: ignore[no-untyped-def]
    # WeChat had its "success" already, so it will not post again: without a push the resident hears nothing
    import logging

    client, api, channel = wechat
    await post(client, text_xml("openid-fails", "/start", "7801"))
    real_handle = channel.dialogs.handle

    async def slow_then_broken(event, *args, **kwargs):  # type: ignore[no-untyped-def]
        if event.text != "371302198506120027":
            return await real_handle(event, *args, **kwargs)
        await asyncio.sleep(1.0)
        raise RuntimeError("could not check 371302198506120027")

    channel.dialogs.handle, channel.passive_seconds = slow_then_broken, 0.3
    caplog.set_level(logging.ERROR)
    before = len(api.sent)
    assert await post(client, text_xml("openid-fails", "371302198506120027", "7802")) == (200, "success")
    await channel.inbound.settle()
    told = customs(api, before)
    assert len(told) == 1 and "没有处理成功" in told[0] and "保存" in told[0]
    assert "RuntimeError" in caplog.text and "371302198506120027" not in caplog.text


async def test_a_follower_who_sends_too_fast_is_told_once_and_the_extra_messages_are_not_steps(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    """The messages-per-person limit in WeChat: over it a message is not a step; told once, then silence."""
    async with serving(dialogs, files, WECHAT_AES_KEY=AES, YJS_RATE_MESSAGES="2/minute") as (client, _, _):
        for n, text in enumerate(["退休", "1"], start=1):
            status, reply = await post(client, text_xml("openid-fast", text, f"71{n}"))
            assert status == 200 and "太快" not in reply
        user = await User.get(channel="wechat", external_id="openid-fast")
        steps = (await ConversationState.get(user_id=user.id)).version
        status, reply = await post(client, text_xml("openid-fast", "2", "713"))
        assert status == 200 and "太快" in reply and "已保存" in reply
        status, reply = await post(client, text_xml("openid-fast", "3", "714"))
        assert status == 200 and reply == "success"
        assert (await ConversationState.get(user_id=user.id)).version == steps
