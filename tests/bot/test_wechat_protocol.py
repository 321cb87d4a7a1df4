"""The WeChat Official Account protocol core: signatures, safe-mode AES (cross-checked with wechatpy), parsing,
refusals, replies and the push policy. Pure functions: no server, no database."""

from __future__ import annotations

import base64
import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.parser import parse_message as wechatpy_parse
from wechatpy.utils import check_signature as wechatpy_check_signature

from bot.channels.wechat_protocol import (
    PushWindow,
    WechatCrypto,
    WechatMessage,
    WechatProtocolError,
    aes_key,
    cdata,
    custom_text,
    decrypt,
    encrypt,
    error_code,
    fit_value,
    msg_signature,
    parse_message,
    parse_xml,
    split_text,
    template,
    template_data,
    text_reply,
    to_json,
    url_signature,
)

TOKEN = "yjs-callback-token"
# The sample key of WeChat's own encryption docs: 43 characters, 32 bytes once decoded.
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
APP_ID = "wx3f1c9a2b7d4e5f60"
ACCOUNT = "gh_6a1f0e2d3c4b"
OPENID = "oV4xT5yU6iO7pA8sD9fG0hJ1kL2z"
NOW = 1_718_000_000
NONCE = "1357924680"
PREFIX = b"0123456789abcdef"


def sha1_sorted(*parts: str) -> str:
    """WeChat's signature recipe, written out here rather than imported, so the test checks the code."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def account(aes: str | None = AES_KEY, now: int = NOW) -> WechatCrypto:
    return WechatCrypto(TOKEN, aes, APP_ID, clock=lambda: float(now), random_bytes=lambda n: PREFIX[:n])


def wechatpy_account() -> WeChatCrypto:
    return WeChatCrypto(TOKEN, AES_KEY, APP_ID)


def plain_query(timestamp: int = NOW, nonce: str = NONCE, token: str = TOKEN) -> dict[str, str]:
    ts = str(timestamp)
    return {"signature": sha1_sorted(token, ts, nonce), "timestamp": ts, "nonce": nonce, "openid": OPENID}


def safe_post(
    inner: str, *, key: str = AES_KEY, app_id: str = APP_ID, timestamp: int = NOW, sealed: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """A safe-mode POST as WeChat sends it: the envelope body and its query string."""
    sealed = sealed if sealed is not None else encrypt(inner.encode(), aes_key(key), app_id, PREFIX)
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>"
    query = plain_query(timestamp) | {
        "encrypt_type": "aes",
        "msg_signature": sha1_sorted(TOKEN, str(timestamp), NONCE, sealed),
    }
    return body.encode(), query


def inbound(msg_type: str, fields: str, msg_id: str | None = "24614325832913456") -> str:
    tail = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        f"<CreateTime>{NOW}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{fields}{tail}</xml>"
    )


TEXT = inbound("text", "<Content><![CDATA[我要办新能源车充电桩报装]]></Content>")
IMAGE = inbound(
    "image", "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz/abc/0]]></PicUrl><MediaId><![CDATA[img_media_1]]></MediaId>"
)
VOICE = inbound(
    "voice",
    "<MediaId><![CDATA[voice_media_1]]></MediaId><Format><![CDATA[amr]]></Format>"
    "<Recognition><![CDATA[营业执照怎么办]]></Recognition>",
)
FILE = inbound(
    "file",
    "<Title><![CDATA[身份证复印件.pdf]]></Title><Description><![CDATA[]]></Description>"
    "<FileKey><![CDATA[BAAAAAAAAACJHA0y]]></FileKey><FileMd5><![CDATA[95d98d3bf1b251a9e4a40f3bd88eef29]]></FileMd5>"
    "<FileTotalLen>222</FileTotalLen>",
)
LOCATION = inbound(
    "location",
    "<Location_X>31.230416</Location_X><Location_Y>121.473701</Location_Y><Scale>15</Scale>"
    "<Label><![CDATA[上海市黄浦区人民大道200号]]></Label>",
)
SUBSCRIBE = inbound("event", "<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>", msg_id=None)
CLICK = inbound("event", "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_MY_CASES]]></EventKey>", msg_id=None)
VIDEO = inbound("video", "<MediaId><![CDATA[video_media_1]]></MediaId><ThumbMediaId><![CDATA[thumb_1]]></ThumbMediaId>")


# --- signatures and timestamps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "timestamp", "nonce"),
    [(TOKEN, str(NOW), NONCE), ("t", "1", "2"), ("ZZZ", "0000", "aaa"), ("令牌", "1718000000", "n")],
)
def test_url_signature_is_sha1_of_the_sorted_parts(token: str, timestamp: str, nonce: str) -> None:
    # Given a token, timestamp and nonce / When signed / Then it matches hashlib and wechatpy's check
    signature = url_signature(token, timestamp, nonce)
    assert signature == sha1_sorted(token, timestamp, nonce)
    wechatpy_check_signature(token, signature, timestamp, nonce)


def test_msg_signature_also_covers_the_ciphertext() -> None:
    # Given the same request with two ciphertexts / Then their msg_signatures differ and match hashlib
    assert msg_signature(TOKEN, "1", "2", "AAAA") == sha1_sorted(TOKEN, "1", "2", "AAAA")
    assert msg_signature(TOKEN, "1", "2", "AAAA") != msg_signature(TOKEN, "1", "2", "AAAB")


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(0, True), (300, True), (-300, True), (301, False), (-301, False), (86_400, False)],
)
def test_url_check_answers_echostr_only_within_the_replay_window(offset: int, accepted: bool) -> None:
    # Given WeChat's GET check, signed properly, `offset` seconds from our clock
    query = plain_query(NOW + offset)
    # When we check it / Then the echostr comes back in clear (even in safe mode), or the timestamp is refused
    if accepted:
        assert account().check_url(query["signature"], query["timestamp"], NONCE, "echo-4711") == "echo-4711"
    else:
        with pytest.raises(WechatProtocolError) as refused:
            account().check_url(query["signature"], query["timestamp"], NONCE, "echo-4711")
        assert refused.value.reason == "timestamp"


@pytest.mark.parametrize(
    ("signature", "timestamp", "reason"),
    [
        ("0" * 40, str(NOW), "signature"),
        ("", str(NOW), "signature"),
        ("签名", str(NOW), "signature"),
        (sha1_sorted(TOKEN, "soon", NONCE), "soon", "timestamp"),
    ],
)
def test_url_check_refuses_forgeries(signature: str, timestamp: str, reason: str) -> None:
    # Given a GET check with a wrong, empty or non-ASCII signature, or a timestamp that is no number
    # When checked / Then it is refused with the right reason
    with pytest.raises(WechatProtocolError) as refused:
        account().check_url(signature, timestamp, NONCE, "echo")
    assert refused.value.reason == reason


# --- AES, cross-checked with wechatpy ---------------------------------------------------------------------


def test_our_ciphertext_is_byte_for_byte_wechatpys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given wechatpy with its random prefix pinned to ours
    monkeypatch.setattr(PrpCrypto, "get_random_string", lambda self: PREFIX.decode())
    expected = wechatpy_account().encrypt_message(TEXT, NONCE, str(NOW))
    sealed = ET.fromstring(expected).findtext("Encrypt")
    # When we encrypt the same XML / Then the ciphertext is identical
    assert encrypt(TEXT.encode(), aes_key(AES_KEY), APP_ID, PREFIX) == sealed


@pytest.mark.parametrize(
    "sample", [TEXT, VOICE, LOCATION, "<xml/>", inbound("text", "<Content>" + "长" * 3000 + "</Content>")]
)
def test_wechatpy_decrypts_our_reply_envelope(sample: str) -> None:
    # Given a reply we sealed for safe mode
    envelope = account().encrypt_reply(sample, str(NOW), NONCE)
    fields = parse_xml(envelope)
    # When wechatpy checks its msg_signature and decrypts it / Then it reads our XML
    plain = wechatpy_account().decrypt_message(envelope, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
    assert plain == sample


@pytest.mark.parametrize("sample", [TEXT, IMAGE, VOICE, FILE, LOCATION, SUBSCRIBE, CLICK])
def test_we_parse_what_wechatpy_encrypted(sample: str) -> None:
    # Given a safe-mode envelope made by wechatpy, with its MsgSignature in the query as WeChat puts it
    envelope = wechatpy_account().encrypt_message(sample, NONCE, str(NOW))
    query = plain_query() | {"encrypt_type": "aes", "msg_signature": parse_xml(envelope.encode())["MsgSignature"]}
    # When we parse it / Then we get the same message as from the plain XML, marked as encrypted
    message = account().parse(envelope.encode(), query)
    assert message.encrypted
    assert message == parse_message(sample.encode(), encrypted=True)


def test_encrypted_request_gets_an_encrypted_reply_wechatpy_can_read() -> None:
    # Given a safe-mode text message
    body, query = safe_post(TEXT)
    message = account().parse(body, query)
    # When we reply
    reply = account(now=NOW + 2).reply_text(message, "请上传身份证正面照片")
    fields = parse_xml(reply)
    # Then it is an envelope wechatpy verifies and opens, addressed back to the user
    plain = wechatpy_account().decrypt_message(reply, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
    reply_message = wechatpy_parse(plain)
    assert fields["TimeStamp"] == str(NOW + 2)
    assert (reply_message.target, reply_message.source) == (OPENID, ACCOUNT)
    assert parse_xml(plain.encode())["Content"] == "请上传身份证正面照片"


def test_plain_request_gets_a_plain_reply() -> None:
    # Given a plain-mode message / When we reply / Then the reply is the passive text XML itself
    message = account(aes=None).parse(TEXT.encode(), plain_query())
    reply = account(aes=None, now=NOW + 1).reply_text(message, "收到")
    assert reply.decode() == text_reply(OPENID, ACCOUNT, NOW + 1, "收到")


# --- parsing ----------------------------------------------------------------------------------------------


PARSED = [
    (TEXT, {"msg_type": "text", "content": "我要办新能源车充电桩报装", "msg_id": "24614325832913456"}),
    (IMAGE, {"msg_type": "image", "pic_url": "http://mmbiz.qpic.cn/mmbiz/abc/0", "media_id": "img_media_1"}),
    (VOICE, {"msg_type": "voice", "media_id": "voice_media_1", "format": "amr", "recognition": "营业执照怎么办"}),
    (
        FILE,
        {
            "msg_type": "file",
            "file_name": "身份证复印件.pdf",
            "file_key": "BAAAAAAAAACJHA0y",
            "file_md5": "95d98d3bf1b251a9e4a40f3bd88eef29",
            "file_size": 222,
        },
    ),
    (
        LOCATION,
        {
            "msg_type": "location",
            "location_x": 31.230416,
            "location_y": 121.473701,
            "scale": 15,
            "label": "上海市黄浦区人民大道200号",
        },
    ),
    (SUBSCRIBE, {"msg_type": "event", "event": "subscribe", "event_key": "", "msg_id": None}),
    (CLICK, {"msg_type": "event", "event": "CLICK", "event_key": "MENU_MY_CASES", "msg_id": None}),
    (VIDEO, {"msg_type": "video", "media_id": "video_media_1"}),
]


@pytest.mark.parametrize(("sample", "expected"), PARSED)
def test_each_message_type_parses_from_plain_mode(sample: str, expected: dict[str, object]) -> None:
    # Given a signed plain-mode POST of this type / When parsed
    message = account(aes=None).parse(sample.encode(), plain_query())
    # Then the common header and the type's own fields are read
    assert (message.to_user, message.from_user, message.create_time) == (ACCOUNT, OPENID, NOW)
    assert not message.encrypted
    assert {name: getattr(message, name) for name in expected} == expected


@pytest.mark.parametrize("sample", [TEXT, IMAGE, VOICE, LOCATION, SUBSCRIBE, CLICK])
def test_parsing_agrees_with_wechatpy(sample: str) -> None:
    # Given the same XML read by wechatpy / Then the header fields agree
    ours, theirs = parse_message(sample.encode()), wechatpy_parse(sample)
    assert (ours.from_user, ours.to_user, ours.create_time) == (theirs.source, theirs.target, theirs.time)
    assert ours.msg_type == theirs.type
    assert int(ours.msg_id or 0) == theirs.id


def test_unknown_fields_are_kept_in_raw() -> None:
    # Given a video message, which has no attribute of its own / Then its fields are still at hand
    raw = parse_message(VIDEO.encode()).raw
    assert raw["ThumbMediaId"] == "thumb_1"
    with pytest.raises(TypeError):
        raw["ThumbMediaId"] = "changed"  # type: ignore[index]


def test_text_that_quotes_a_doctype_is_still_a_message() -> None:
    # Given a resident pasting HTML into the chat (it arrives as CDATA)
    sample = inbound("text", "<Content><![CDATA[<!DOCTYPE html><!ENTITY x 'y'>]]></Content>")
    # When parsed / Then it is text like any other
    assert parse_message(sample.encode()).content == "<!DOCTYPE html><!ENTITY x 'y'>"


# --- dedupe ----------------------------------------------------------------------------------------------


def test_dedupe_key_is_the_msg_id_for_messages() -> None:
    assert parse_message(TEXT.encode()).dedupe_key == "24614325832913456"


def test_dedupe_key_for_events_is_sender_time_and_event() -> None:
    # Given WeChat posting the same subscribe event twice (a retry), and a click in the same second
    first, retry = parse_message(SUBSCRIBE.encode()), parse_message(SUBSCRIBE.encode())
    click = parse_message(CLICK.encode())
    # Then the retry has the same key and the click another
    assert first.dedupe_key == retry.dedupe_key == f"{OPENID}:{NOW}:subscribe"
    assert click.dedupe_key == f"{OPENID}:{NOW}:CLICK"


# --- refusals ---------------------------------------------------------------------------------------------


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName><CreateTime>{NOW}</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol3;</Content></xml>"
)
XXE = (
    '<!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName><CreateTime>{NOW}</CreateTime>"
    "<MsgType>text</MsgType><Content>&secret;</Content></xml>"
)
# A comment that opens a fake CDATA section, to fool a scanner that skips CDATA before looking for a DTD.
HIDDEN_DTD = f'<!-- <![CDATA[ --><!DOCTYPE x [<!ENTITY a "]]>">]>{TEXT}'


def plain(body: str | bytes, **query: str) -> tuple[bytes, dict[str, str]]:
    return (body.encode() if isinstance(body, str) else body), plain_query() | query


def sealed_raw(plain: bytes, key: str = AES_KEY) -> str:
    """Ciphertext of bytes laid out by hand, to reach the padding and length checks directly."""
    raw = aes_key(key)
    encryptor = Cipher(algorithms.AES(raw), modes.CBC(raw[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def truncated() -> str:
    sealed = base64.b64decode(encrypt(TEXT.encode(), aes_key(AES_KEY), APP_ID, PREFIX))
    return base64.b64encode(sealed[:-16]).decode()


REFUSALS = [
    ("forged signature", plain(TEXT, signature=sha1_sorted("guessed-token", str(NOW), NONCE)), "signature"),
    ("no signature", plain(TEXT, signature=""), "signature"),
    ("stale timestamp", plain(TEXT, **plain_query(NOW - 301)), "timestamp"),
    ("malformed xml", plain(TEXT[:-3]), "xml"),
    ("not xml at all", plain("hello"), "xml"),
    ("empty body", plain(b""), "xml"),
    ("billion laughs", plain(BILLION_LAUGHS), "xml"),
    ("external entity", plain(XXE), "xml"),
    ("dtd hidden behind a fake cdata", plain(HIDDEN_DTD), "xml"),
    (
        "utf-16 body with a dtd",
        plain(XXE.replace("<!DOCTYPE", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE', 1).encode("utf-16")),
        "xml",
    ),
    ("oversize body", plain(inbound("text", "<Content>" + "x" * 70_000 + "</Content>")), "xml"),
    ("missing sender", plain(TEXT.replace(f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>", "")), "xml"),
    ("create time not a number", plain(TEXT.replace(str(NOW), "yesterday")), "xml"),
    ("map scale of infinity", plain(LOCATION.replace("<Scale>15</Scale>", "<Scale>inf</Scale>")), "xml"),
    ("safe: stale timestamp", safe_post(TEXT, timestamp=NOW - 3600), "timestamp"),
    ("safe: forged msg_signature", (safe_post(TEXT)[0], safe_post(TEXT)[1] | {"msg_signature": "0" * 40}), "signature"),
    ("safe: no Encrypt element", (TEXT.encode(), safe_post(TEXT)[1]), "xml"),
    ("safe: wrong appid", safe_post(TEXT, app_id="wx0000000000000000"), "appid"),
    ("safe: wrong key", safe_post(TEXT, key=OTHER_KEY), "decrypt"),
    ("safe: truncated ciphertext", safe_post(TEXT, sealed=truncated()), "decrypt"),
    ("safe: ciphertext cut mid-block", safe_post(TEXT, sealed=base64.b64encode(b"x" * 40).decode()), "decrypt"),
    ("safe: padding byte zero", safe_post(TEXT, sealed=sealed_raw(PREFIX + b"\x00" * 16)), "decrypt"),
    ("safe: padding longer than a block", safe_post(TEXT, sealed=sealed_raw(PREFIX + b"\x21" * 16)), "decrypt"),
    (
        "safe: inconsistent padding",
        safe_post(TEXT, sealed=sealed_raw(PREFIX + b"\x00" * 12 + b"\x01\x02\x03\x04")),
        "decrypt",
    ),
    (
        "safe: length beyond the plaintext",
        safe_post(TEXT, sealed=sealed_raw(PREFIX + b"\x00\x00\xff\xff" + b"\x0c" * 12)),
        "decrypt",
    ),
    ("safe: bad base64", safe_post(TEXT, sealed="not*base64!"), "decrypt"),
    ("safe: inner xml has a dtd", safe_post(XXE), "xml"),
]


@pytest.mark.parametrize(("request_", "reason"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals_name_their_reason(request_: tuple[bytes, dict[str, str]], reason: str) -> None:
    # Given a request WeChat did not send as it stands / When parsed / Then it is refused for that reason
    body, query = request_
    mode_of_request = AES_KEY if query.get("encrypt_type") == "aes" else None
    with pytest.raises(WechatProtocolError) as refused:
        account(aes=mode_of_request).parse(body, query)
    assert refused.value.reason == reason


def test_a_plain_post_to_a_safe_mode_account_is_refused() -> None:
    # Given an account with an EncodingAESKey / When a correctly signed plain POST comes / Then it is refused:
    # its signature does not cover the body, so it proves nothing about the sender or the text
    with pytest.raises(WechatProtocolError) as refused:
        account().parse(TEXT.encode(), plain_query())
    assert refused.value.reason == "plain"


def test_safe_mode_request_to_a_plain_mode_account_is_refused() -> None:
    # Given an account with no EncodingAESKey / When a signed safe-mode POST comes / Then it cannot decrypt it
    with pytest.raises(WechatProtocolError) as refused:
        account(aes=None).parse(*safe_post(TEXT))
    assert refused.value.reason == "decrypt"


def test_wechatpy_refuses_our_envelope_under_another_token() -> None:
    # Given our sealed reply / When checked with another token / Then wechatpy refuses the signature
    envelope = account().encrypt_reply(TEXT, str(NOW), NONCE)
    fields = parse_xml(envelope)
    with pytest.raises(InvalidSignatureException):
        WeChatCrypto("other", AES_KEY, APP_ID).decrypt_message(envelope, fields["MsgSignature"], str(NOW), NONCE)


@pytest.mark.parametrize("bad", ["short", AES_KEY + "A", "!" * 43])
def test_a_malformed_encoding_aes_key_is_a_configuration_error(bad: str) -> None:
    with pytest.raises(ValueError):
        WechatCrypto(TOKEN, bad, APP_ID)


def test_safe_mode_needs_the_app_id() -> None:
    with pytest.raises(ValueError):
        WechatCrypto(TOKEN, AES_KEY, "")


def test_decrypt_checks_the_app_id_of_the_plaintext() -> None:
    sealed = encrypt(b"<xml/>", aes_key(AES_KEY), APP_ID, PREFIX)
    assert decrypt(sealed, aes_key(AES_KEY), APP_ID) == b"<xml/>"
    with pytest.raises(WechatProtocolError) as refused:
        decrypt(sealed, aes_key(AES_KEY), APP_ID + "x")
    assert refused.value.reason == "appid"


# --- replies ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["办好了", "a]]>b", "]]>", "]]]]>>", "x]]><script>alert(1)</script>", "<![CDATA[nested]]>", "line\nbreak\ttab"],
)
def test_reply_content_survives_cdata_edges(content: str) -> None:
    # Given a reply whose text could close a CDATA section early / When rendered and read back
    reply = text_reply(OPENID, ACCOUNT, NOW, content)
    fields = parse_xml(reply.encode())
    # Then the user sees exactly the text, and the header is intact
    assert fields["Content"] == content
    assert (fields["ToUserName"], fields["FromUserName"], fields["MsgType"]) == (OPENID, ACCOUNT, "text")
    assert fields["CreateTime"] == str(NOW)


def test_characters_xml_forbids_are_dropped_rather_than_breaking_the_reply() -> None:
    section = cdata("a\x00b\x07c\x1bd")
    assert parse_xml(f"<xml><C>{section}</C></xml>".encode())["C"] == "abcd"


def test_reply_is_read_by_wechatpy_as_a_text_message() -> None:
    parsed = wechatpy_parse(text_reply(OPENID, ACCOUNT, NOW, "您的申请已受理"))
    assert (parsed.type, parsed.content, parsed.target, parsed.source) == ("text", "您的申请已受理", OPENID, ACCOUNT)


# --- pushes -----------------------------------------------------------------------------------------------


def test_custom_text_payload() -> None:
    assert custom_text(OPENID, "材料已审核") == {"touser": OPENID, "msgtype": "text", "text": {"content": "材料已审核"}}


@pytest.mark.parametrize(
    ("url", "expected_url"),
    [("https://yjs.example.gov.cn/case/42", "https://yjs.example.gov.cn/case/42"), (None, None)],
)
def test_template_payload(url: str | None, expected_url: str | None) -> None:
    payload = template(OPENID, "TPL_CASE_STATUS", {"thing1": "充电桩报装", "phrase2": "已受理"}, url)
    assert payload["data"] == {"thing1": {"value": "充电桩报装"}, "phrase2": {"value": "已受理"}}
    assert (payload["touser"], payload["template_id"], payload.get("url")) == (OPENID, "TPL_CASE_STATUS", expected_url)


def test_payload_json_keeps_chinese_as_utf8() -> None:
    body = to_json(custom_text(OPENID, "已办结"))
    assert "已办结".encode() in body
    assert json.loads(body)["text"]["content"] == "已办结"


LAST = datetime(2024, 6, 10, 9, 0, tzinfo=UTC)
WINDOW = PushWindow(template_kinds=frozenset({"case_status"}))


@pytest.mark.parametrize(
    ("since_last", "sent", "kind", "expected"),
    [
        (timedelta(minutes=1), 0, "case_status", "custom"),
        (timedelta(hours=47, minutes=59), 4, "case_status", "custom"),
        (timedelta(hours=47, minutes=59), 4, "reminder", "custom"),
        (timedelta(hours=48), 0, "case_status", "template"),
        (timedelta(hours=48, minutes=1), 0, "case_status", "template"),
        (timedelta(hours=48, minutes=1), 0, "reminder", "hold"),
        (timedelta(hours=1), 5, "case_status", "template"),
        (timedelta(hours=1), 5, "reminder", "hold"),
        (timedelta(hours=1), 9, "reminder", "hold"),
    ],
)
def test_push_window(since_last: timedelta, sent: int, kind: str, expected: str) -> None:
    # Given the user's last message `since_last` ago and `sent` customer-service messages since
    # When a notice of `kind` is due / Then the open path is the expected one
    assert WINDOW.path(kind, LAST, sent, LAST + since_last) == expected


def test_push_window_for_a_user_who_never_wrote() -> None:
    now = datetime(2024, 6, 10, tzinfo=UTC)
    assert WINDOW.path("case_status", None, 0, now) == "template"
    assert WINDOW.path("reminder", None, 0, now) == "hold"


def test_message_is_frozen() -> None:
    message = parse_message(TEXT.encode())
    with pytest.raises(AttributeError):
        message.content = "changed"  # type: ignore[misc]
    assert isinstance(message, WechatMessage)


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("城乡居民基本医疗保险参保登记（新生儿随父母参保）", "thing", "城乡居民基本医疗保险参保登记（新生儿随…"),
        ("户籍登记", "thing", "户籍登记"),
        ("已补正待受理", "phrase", "已补正待受"),
        ("LG20261126-0001", "character_string", "LG20261126-0001"),
        ("2026-11-26T01:30:00+00:00", "time", "2026年11月26日 09:30"),
        ("第一行\n第二行", "keyword", "第一行 第二行"),
    ],
    ids=["thing cut at 20", "thing short", "phrase cut at 5", "case number", "time in China", "one line"],
)
def test_template_values_fit_their_field_kind(value: str, kind: str, shown: str) -> None:
    assert fit_value(value, kind) == shown
    assert len(fit_value(value, kind)) <= {"thing": 20, "phrase": 5}.get(kind, 32)


def test_template_data_places_each_fact_in_its_field_and_nothing_else() -> None:
    facts = {"number": "LG20261126-0001", "item": "户籍登记", "status": "已受理", "department": "公安分局"}
    fields = {"number": "character_string1", "item": "thing2", "status": "phrase3", "time": "time4"}
    data = template_data(facts, fields)
    assert data == {"character_string1": "LG20261126-0001", "thing2": "户籍登记", "phrase3": "已受理"}
    payload = template(OPENID, "tmpl", data)
    assert "first" not in payload["data"] and "remark" not in payload["data"]


def test_a_long_text_is_split_at_line_ends_by_utf8_bytes() -> None:
    lines = [f"{n}. 临港经济开发区“高效办成一件事”" for n in range(100)]  # 3 bytes a Chinese character
    parts = split_text("\n".join(lines), limit=200)
    assert all(len(p.encode()) <= 200 for p in parts) and len(parts) > 1
    assert "\n".join(parts) == "\n".join(lines)  # every cut at a line end, nothing lost or reordered
    assert split_text("短") == ["短"] and split_text("") == [""]


def test_a_line_longer_than_the_limit_is_cut_between_characters() -> None:
    line = "临港" * 50 + "x"  # 301 bytes, no line end to cut at
    parts = split_text(f"第一行\n\n{line}\n", limit=100)
    assert parts[0] == "第一行" and "".join(parts[1:]) == line  # no blank part, no broken character
    assert all(len(p.encode()) <= 100 for p in parts)


@pytest.mark.parametrize(
    ("content_type", "body", "code"),
    [
        ("application/json", b'{"errcode":40001,"errmsg":"invalid credential"}', 40001),
        ("text/plain", b'{"errcode":42001,"errmsg":"access_token expired"}', 42001),
        ("image/jpeg", b'{"errcode":40001}', None),  # a file, whatever its bytes
        ("text/plain", b"just text", None),
        ("application/json", b'{"media_id":"m1"}', None),
    ],
)
def test_an_error_body_is_told_from_a_file(content_type: str, body: bytes, code: int | None) -> None:
    assert error_code(content_type, body) == code
