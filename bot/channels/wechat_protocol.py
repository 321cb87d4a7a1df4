"""The WeChat Official Account (公众号) wire protocol: signatures, safe-mode AES, inbound XML, replies, pushes.

Pure code: no HTTP, no network, no database. The aiohttp channel feeds it request bytes and query
parameters and sends back what it builds. References are the Official Account developer docs
("接入指南", "接收普通消息", "接收事件推送", "被动回复用户消息", "消息加解密说明", "客服消息", "模板消息").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import secrets
import struct
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.signing import same

Reason = Literal["signature", "timestamp", "xml", "decrypt", "appid", "plain"]
PushPath = Literal["custom", "template", "hold"]

#: Inbound bodies are a few hundred bytes; anything near this is not WeChat.
MAX_XML_BYTES = 64 * 1024
#: How far a request's timestamp may stray from our clock before it counts as a replay.
DEFAULT_MAX_SKEW = 300
#: WeChat pads to 32-byte blocks (its PKCS#7 variant), not AES's 16.
PAD_BLOCK = 32
PREFIX_BYTES = 16


class WechatProtocolError(Exception):
    """A request WeChat did not send, or that we cannot read; `reason` is short and machine-readable."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


# --- signatures -------------------------------------------------------------------------------------------


def url_signature(token: str, timestamp: str, nonce: str) -> str:
    """`signature` of the URL check and of plain-mode POSTs."""
    return _sha1_sorted(token, timestamp, nonce)


def msg_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """`msg_signature` of safe-mode POSTs and replies: it also covers the ciphertext."""
    return _sha1_sorted(token, timestamp, nonce, encrypt)


def _sha1_sorted(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def check_signature(given: str | None, expected: str) -> None:
    if not given or not same(given, expected):
        raise WechatProtocolError("signature")


def check_timestamp(timestamp: str | None, now: float, max_skew: int = DEFAULT_MAX_SKEW) -> int:
    """The request's timestamp as an int, if within `max_skew` seconds of `now` either way."""
    try:
        value = int(timestamp or "")
    except ValueError:
        raise WechatProtocolError("timestamp") from None
    if abs(now - value) > max_skew:
        raise WechatProtocolError("timestamp")
    return value


# --- AES (安全模式) ---------------------------------------------------------------------------------------


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key behind the 43-character EncodingAESKey of the platform settings."""
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("EncodingAESKey is not base64") from None
    if len(encoding_aes_key) != 43 or len(key) != 32:
        raise ValueError("EncodingAESKey must be 43 characters")
    return key


def _cipher(key: bytes) -> Cipher[modes.CBC]:
    # WeChat's choice, not ours: the IV is the key's first half, so equal plaintexts start alike.
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def encrypt(xml: bytes, key: bytes, app_id: str, prefix: bytes) -> str:
    """Base64 ciphertext of prefix + big-endian length + xml + appid, as WeChat lays it out."""
    if len(prefix) != PREFIX_BYTES:
        raise ValueError("prefix must be 16 bytes")
    plain = prefix + struct.pack(">I", len(xml)) + xml + app_id.encode()
    pad = PAD_BLOCK - len(plain) % PAD_BLOCK
    encryptor = _cipher(key).encryptor()
    sealed = encryptor.update(plain + bytes([pad]) * pad) + encryptor.finalize()
    return base64.b64encode(sealed).decode()


def decrypt(ciphertext: str, key: bytes, app_id: str) -> bytes:
    """The inner XML of an `Encrypt` value, once the padding, length and appid all check out."""
    plain = _unpad(_aes_decrypt(ciphertext, key))
    if len(plain) < PREFIX_BYTES + 4:
        raise WechatProtocolError("decrypt")
    (length,) = struct.unpack(">I", plain[PREFIX_BYTES : PREFIX_BYTES + 4])
    body = plain[PREFIX_BYTES + 4 :]
    if length > len(body):
        raise WechatProtocolError("decrypt")
    if not hmac.compare_digest(body[length:], app_id.encode()):
        raise WechatProtocolError("appid")
    return body[:length]


def _aes_decrypt(ciphertext: str, key: bytes) -> bytes:
    try:
        sealed = base64.b64decode(ciphertext, validate=True)
    except (binascii.Error, ValueError):
        raise WechatProtocolError("decrypt") from None
    if not sealed or len(sealed) % 16:
        raise WechatProtocolError("decrypt")
    decryptor = _cipher(key).decryptor()
    return decryptor.update(sealed) + decryptor.finalize()


def _unpad(plain: bytes) -> bytes:
    # Any consistent 1..32 padding passes, so a sender padding to 16-byte blocks is still read.
    pad = plain[-1]
    if not 1 <= pad <= PAD_BLOCK or pad > len(plain) or plain[-pad:] != bytes([pad]) * pad:
        raise WechatProtocolError("decrypt")
    return plain[:-pad]


# --- inbound XML ------------------------------------------------------------------------------------------


class _RefuseDoctype(ET.TreeBuilder):
    # A DTD is how XXE and billion-laughs payloads get in, and WeChat never sends one. Refusing at the
    # parser's doctype callback (not by grepping the bytes) still lets a citizen type "<!DOCTYPE" in a message.
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise WechatProtocolError("xml")


def parse_xml(raw: bytes) -> dict[str, str]:
    """The text of each child of the root element, refusing DTDs, oversize bodies and non-UTF-8."""
    if len(raw) > MAX_XML_BYTES:
        raise WechatProtocolError("xml")
    try:
        # A str makes expat read UTF-8 whatever the declaration says, so no UTF-16 body hides a DTD.
        text = raw.decode("utf-8-sig")
        parser = ET.XMLParser(target=_RefuseDoctype())
        parser.feed(text)
        root = parser.close()
    except (UnicodeDecodeError, ET.ParseError):
        raise WechatProtocolError("xml") from None
    fields: dict[str, str] = {}
    for child in root:
        fields.setdefault(child.tag, child.text or "")
    return fields


@dataclass(frozen=True)
class WechatMessage:
    """One inbound message or event, as WeChat posted it (plain or decrypted).

    `event` keeps WeChat's own spelling ("subscribe", "unsubscribe", "SCAN", "LOCATION", "CLICK", "VIEW").
    `raw` holds every top-level field, for types this class has no attribute for (video, link, ...).
    """

    to_user: str
    from_user: str
    create_time: int
    msg_type: str
    msg_id: str | None = None
    content: str = ""
    pic_url: str = ""
    media_id: str = ""
    format: str = ""
    recognition: str = ""
    file_name: str = ""
    file_key: str = ""
    file_md5: str = ""
    file_size: int | None = None
    location_x: float | None = None
    location_y: float | None = None
    scale: int | None = None
    label: str = ""
    event: str = ""
    event_key: str = ""
    encrypted: bool = False
    raw: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def dedupe_key(self) -> str:
        """Stable across WeChat's retries (up to 3 when no answer came within 5 s), as its docs advise."""
        # Events carry no MsgId; the docs say to dedupe them on FromUserName + CreateTime.
        return self.msg_id or f"{self.from_user}:{self.create_time}:{self.event}"


def parse_message(raw: bytes, *, encrypted: bool = False) -> WechatMessage:
    """A `WechatMessage` from plain message XML; refuses with reason "xml" if a required field is missing."""
    f = parse_xml(raw)
    return WechatMessage(
        to_user=_required(f, "ToUserName"),
        from_user=_required(f, "FromUserName"),
        create_time=_create_time(f),
        msg_type=_required(f, "MsgType").strip(),
        msg_id=f.get("MsgId", "").strip() or None,
        content=f.get("Content", ""),
        pic_url=f.get("PicUrl", ""),
        media_id=f.get("MediaId", ""),
        format=f.get("Format", ""),
        recognition=f.get("Recognition", ""),
        file_name=_file_name(f),
        file_key=f.get("FileKey", ""),
        file_md5=f.get("FileMd5", ""),
        file_size=_file_size(f),
        location_x=_optional_float(f, "Location_X"),
        location_y=_optional_float(f, "Location_Y"),
        scale=_scale(f),
        label=f.get("Label", ""),
        event=f.get("Event", "").strip(),
        event_key=f.get("EventKey", ""),
        encrypted=encrypted,
        raw=MappingProxyType(f),
    )


def _required(fields: Mapping[str, str], name: str) -> str:
    value = fields.get(name, "")
    if not value.strip():
        raise WechatProtocolError("xml")
    return value


def _create_time(fields: Mapping[str, str]) -> int:
    value = _optional_int(fields, "CreateTime")
    if value is None:
        raise WechatProtocolError("xml")
    return value


def _scale(fields: Mapping[str, str]) -> int | None:
    # Documented as an integer; read it through float so a "15.0" from some client does not drop the message.
    value = _optional_float(fields, "Scale")
    return None if value is None else int(value)


def _optional_int(fields: Mapping[str, str], name: str) -> int | None:
    text = fields.get(name, "").strip()
    try:
        return int(text) if text else None
    except ValueError:
        raise WechatProtocolError("xml") from None


def _optional_float(fields: Mapping[str, str], name: str) -> float | None:
    text = fields.get(name, "").strip()
    try:
        value = float(text) if text else None
    except ValueError:
        raise WechatProtocolError("xml") from None
    # float() takes "nan" and "inf", which are no place on a map and would break int() further on.
    if value is not None and not math.isfinite(value):
        raise WechatProtocolError("xml")
    return value


def _file_name(fields: Mapping[str, str]) -> str:
    # Files sent from WeChat on a PC arrive with Title/FileKey/FileMd5/FileTotalLen; WeCom-style
    # callbacks name the file in FileName. Neither is in the Official Account docs, so read both.
    if "FileName" in fields:
        return fields["FileName"]
    return fields.get("Title", "") if fields.get("MsgType") == "file" else ""


def _file_size(fields: Mapping[str, str]) -> int | None:
    total = _optional_int(fields, "FileTotalLen")
    return total if total is not None else _optional_int(fields, "FileSize")


# --- passive replies --------------------------------------------------------------------------------------


def cdata(text: str) -> str:
    """`text` as CDATA that survives a "]]>" inside it and characters XML 1.0 forbids."""
    clean = "".join(ch for ch in text if ch in "\t\n\r" or ch >= " ")
    # "]]>" would end the section early; close it between "]]" and ">" and open a new one.
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to_user: str, from_user: str, create_time: int, content: str) -> str:
    """A passive text reply (被动回复) to `to_user`, the openid who wrote to us."""
    return (
        f"<xml><ToUserName>{cdata(to_user)}</ToUserName><FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content></xml>"
    )


def encrypt_reply(
    xml: str | bytes, token: str, timestamp: str, nonce: str, *, key: bytes, app_id: str, prefix: bytes
) -> bytes:
    """The safe-mode envelope around a reply: ciphertext, its msg_signature, timestamp and nonce."""
    body = xml.encode() if isinstance(xml, str) else xml
    sealed = encrypt(body, key, app_id, prefix)
    signature = msg_signature(token, timestamp, nonce, sealed)
    return (
        f"<xml><Encrypt>{cdata(sealed)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>"
    ).encode()


# --- the account ------------------------------------------------------------------------------------------


class WechatCrypto:
    """One Official Account's callback settings: the token, and for safe mode the EncodingAESKey and AppID.

    `clock` and `random_bytes` are there for tests; production uses the defaults.
    """

    def __init__(
        self,
        token: str,
        aes_key: str | None = None,
        app_id: str = "",
        *,
        max_skew: int = DEFAULT_MAX_SKEW,
        clock: Callable[[], float] = time.time,
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        if aes_key and not app_id:
            raise ValueError("safe mode needs the AppID: decryption checks it")
        self.token = token
        self.app_id = app_id
        self._key = _decode_key(aes_key)
        self._max_skew = max_skew
        self._clock = clock
        self._random = random_bytes

    def check_url(self, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The `echostr` to answer WeChat's GET check with, once `signature` and `timestamp` hold.

        Official Accounts sign this GET with the plain `signature` and send `echostr` in clear even in
        safe mode (WeCom, unlike them, encrypts it).
        """
        check_signature(signature, url_signature(self.token, timestamp, nonce))
        check_timestamp(timestamp, self._clock(), self._max_skew)
        return echostr

    def parse(self, body: bytes, query: Mapping[str, str]) -> WechatMessage:
        """The message of a callback POST: safe mode when the query says `encrypt_type=aes`, else plain.

        With an EncodingAESKey only safe-mode posts are taken: a plain post's `signature` covers the timestamp
        and nonce but not the body, so one lifted from a log would vouch for any sender and any text.
        """
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        if query.get("encrypt_type", "").lower() == "aes":
            return self._parse_safe(body, timestamp, nonce, query.get("msg_signature"))
        if self._key is not None:
            raise WechatProtocolError("plain")
        check_signature(query.get("signature"), url_signature(self.token, timestamp, nonce))
        check_timestamp(timestamp, self._clock(), self._max_skew)
        return parse_message(body)

    def _parse_safe(self, body: bytes, timestamp: str, nonce: str, signature: str | None) -> WechatMessage:
        sealed = parse_xml(body).get("Encrypt", "").strip()
        if not sealed:
            raise WechatProtocolError("xml")
        check_signature(signature, msg_signature(self.token, timestamp, nonce, sealed))
        check_timestamp(timestamp, self._clock(), self._max_skew)
        if self._key is None:
            raise WechatProtocolError("decrypt")
        return parse_message(decrypt(sealed, self._key, self.app_id), encrypted=True)

    def reply_text(self, msg: WechatMessage, text: str) -> bytes:
        """The passive text reply to `msg`, in the same mode (plain or safe) the message came in."""
        now = int(self._clock())
        xml = text_reply(msg.from_user, msg.to_user, now, text)
        if not msg.encrypted:
            return xml.encode()
        return self.encrypt_reply(xml, str(now), self._random(4).hex())

    def encrypt_reply(self, xml: str | bytes, timestamp: str, nonce: str) -> bytes:
        """`encrypt_reply` with this account's token, key and AppID and a fresh random prefix."""
        if self._key is None:
            raise ValueError("plain-mode account: no EncodingAESKey to encrypt with")
        return encrypt_reply(
            xml, self.token, timestamp, nonce, key=self._key, app_id=self.app_id, prefix=self._random(PREFIX_BYTES)
        )


def _decode_key(encoding_aes_key: str | None) -> bytes | None:
    return aes_key(encoding_aes_key) if encoding_aes_key else None


# --- long texts and API error bodies ---------------------------------------------------------------------

#: WeChat's limit on a text message's content, passive reply or customer-service message, in UTF-8 bytes.
TEXT_LIMIT_BYTES = 2048


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """`text` in parts of at most `limit` UTF-8 bytes, cut at line ends; a line longer than that between characters.

    Blank lines at a cut are dropped, so no part starts or ends empty; an empty text is one empty part.
    """
    parts: list[str] = []
    lines: list[str] = []
    size = -1  # the line breaks between lines: one fewer than the lines
    for line in _short_lines(text, limit):
        grown = size + 1 + len(line.encode())
        if lines and grown > limit:
            parts.append("\n".join(lines))
            lines, grown = [], len(line.encode())
        lines.append(line)
        size = grown
    parts.append("\n".join(lines))
    return [part for part in (p.strip("\n") for p in parts) if part] or [""]


def _short_lines(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line.encode()) > limit:
            cut = len(line.encode()[:limit].decode("utf-8", errors="ignore"))  # never inside a character
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def error_code(content_type: str, body: bytes) -> int | None:
    """The errcode of a media API answer that is an error, not the file; None for a file.

    `media/get` and `media/upload` answer errors as JSON, declared as application/json or text/plain.
    """
    if content_type not in ("application/json", "text/plain"):
        return None
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(answer, dict) or "errcode" not in answer:
        return None
    try:
        return int(answer["errcode"])
    except (TypeError, ValueError):
        return -1


# --- pushes: customer-service and template messages -------------------------------------------------------


def custom_text(openid: str, text: str) -> dict[str, Any]:
    """Body for POST /cgi-bin/message/custom/send (客服消息), a text message."""
    return {"touser": openid, "msgtype": "text", "text": {"content": text}}


#: Longest value WeChat accepts per template field kind (the prefix of a field name such as `thing2`); a longer
#: one makes the whole send fail with errcode 47003. Kinds not listed (keyword1, ...) take ordinary text.
FIELD_LIMITS = {"thing": 20, "phrase": 5, "character_string": 32}
#: Template times are shown in China Standard Time, in the form WeChat's `time` kind accepts.
TEMPLATE_TZ = ZoneInfo("Asia/Shanghai")


def field_kind(field_name: str) -> str:
    """`thing2` -> "thing", `character_string12` -> "character_string", `keyword1` -> "keyword"."""
    return field_name.rstrip("0123456789")


def fit_value(value: str, kind: str) -> str:
    """`value` as the template field `kind` accepts it: one line, within WeChat's length limit."""
    text = " ".join(value.split())  # WeChat refuses line breaks and control characters in a field
    if kind in ("time", "date"):
        text = _wechat_time(text)
    limit = FIELD_LIMITS.get(kind)
    if limit is None or len(text) <= limit:
        return text
    # A `thing` may end in "…" to show it was cut; a `phrase` takes Chinese characters only, a code no mark.
    return text[: limit - 1] + "…" if kind == "thing" else text[:limit]


def _wechat_time(iso: str) -> str:
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    at = at.astimezone(TEMPLATE_TZ) if at.tzinfo else at
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


def template_data(facts: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, str]:
    """Template field -> value, for each fact `fields` (fact name -> field name) places; the rest stay out."""
    return {name: fit_value(facts[fact], field_kind(name)) for fact, name in fields.items() if facts.get(fact)}


def template(openid: str, template_id: str, data: Mapping[str, str], url: str | None = None) -> dict[str, Any]:
    """Body for POST /cgi-bin/message/template/send (模板消息); `data` maps each template key to its value.

    Since 2023-05-04 WeChat no longer shows `first` and `remark`: fill the keyword fields (`template_data`).
    """
    payload: dict[str, Any] = {
        "touser": openid,
        "template_id": template_id,
        "data": {name: {"value": value} for name, value in data.items()},
    }
    if url:
        payload["url"] = url
    return payload


def to_json(payload: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON as WeChat's APIs want it: \\u escapes of Chinese text would reach the user verbatim."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class PushWindow:
    """Which way a notice nobody asked for right now can reach a user: customer-service, template, or not yet.

    Since WeChat's June 2023 change (announced 2023-05-30, in force for new accounts from 2023-06-12 and
    rolled out to all by August 2023), a user's message opens 48 hours in which the account may send at most
    5 customer-service messages (it was 20). A menu click, a follow or a QR scan opens only 3 messages for
    1 minute and does not open the 48-hour quota, so `last_user_message_at` must come from real messages.
    Passive replies to the request itself are not this object's concern.
    """

    template_kinds: frozenset[str] = frozenset()
    window: timedelta = timedelta(hours=48)
    quota: int = 5

    def path(self, kind: str, last_user_message_at: datetime | None, sent_since: int, now: datetime) -> PushPath:
        """ "custom" inside the window with quota left, else "template" if `kind` has one, else "hold"."""
        if last_user_message_at is not None and now - last_user_message_at < self.window and sent_since < self.quota:
            return "custom"
        return "template" if kind in self.template_kinds else "hold"
