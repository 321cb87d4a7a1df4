"""Settings from the environment, each with a default that suits the embedded demo.

Every variable the program reads is parsed here, once, at start: a malformed value stops the
start with one line naming it, instead of failing later in whichever module first reads it.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casework.livehours import DEFAULT_HOURS, LivePolicy, ServiceHours
from casework.requests import RequestDays
from handlers.context import ServiceHall
from handlers.events import NOTICE_FACTS


class SettingsError(ValueError):
    """A setting that is missing or malformed; the message names it and says what is expected."""


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name) or ""
    return Path(value) if value else None


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={value}: expected {low} to {high}")
    return value


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "on", "true", "yes"):
        return True
    if raw in ("0", "off", "false", "no", "none"):
        return False
    raise SettingsError(f"{name}={raw!r}: expected on or off (1 or 0)")


#: What YJS_TRUST_PROXY=1 trusts: a proxy on this machine or on a private network (never the internet).
LOCAL_PROXIES = ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")


def _proxies(env: Mapping[str, str]) -> tuple[str, ...]:
    """YJS_TRUST_PROXY: off; on (a proxy on this machine or a private network); or the proxies' addresses."""
    raw = (env.get("YJS_TRUST_PROXY") or "").strip()
    if raw.lower() in ("", "0", "off", "false", "no", "none"):
        return ()
    if raw.lower() in ("1", "on", "true", "yes"):
        return LOCAL_PROXIES
    spelled = tuple(p.strip() for p in raw.split(",") if p.strip())
    try:
        return tuple(str(ipaddress.ip_network(p, strict=False)) for p in spelled)
    except ValueError:
        raise SettingsError(
            f"YJS_TRUST_PROXY={raw!r}: expected on, off, or the proxies' addresses (10.0.0.5,10.0.1.0/24)"
        ) from None


def _matching(env: Mapping[str, str], name: str, pattern: str, expected: str) -> str:
    raw = env.get(name) or ""
    if raw and not re.fullmatch(pattern, raw):
        raise SettingsError(f"{name}={raw!r}: expected {expected}")
    return raw


#: The classic template layout (keyword1..keyword4), used when WECHAT_TEMPLATE_FIELDS is not set.
DEFAULT_TEMPLATE_FIELDS = {"number": "keyword1", "item": "keyword2", "status": "keyword3", "time": "keyword4"}


def _template_fields(raw: str) -> dict[str, str]:
    """`number=character_string1,item=thing2` -> {"number": "character_string1", "item": "thing2"}."""
    name = "WECHAT_TEMPLATE_FIELDS"
    fields = _pairs(raw, name, r"[a-z_]+\d*", "fact=template_field, like number=character_string1")
    unknown = sorted(set(fields) - set(NOTICE_FACTS))
    if unknown:
        raise SettingsError(f"{name}: unknown fact {unknown[0]!r}; known are {', '.join(NOTICE_FACTS)}")
    if len(set(fields.values())) < len(fields):
        raise SettingsError(f"{name}: each template field may be filled by one fact only")
    return fields or dict(DEFAULT_TEMPLATE_FIELDS)


def _pairs(raw: str, name: str, value: str, shape: str = "key=value") -> dict[str, str]:
    pairs: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, _, val = pair.partition("=")
        if not re.fullmatch(value, val.strip()):
            raise SettingsError(f"{name}: {pair!r} should be {shape}")
        pairs[key.strip()] = val.strip()
    return pairs


def _chats(raw: str) -> dict[str, int]:
    """`approval=-1001234,power=-1005678` -> {"approval": -1001234, "power": -1005678}."""
    return {k: int(v) for k, v in _pairs(raw, "YJS_TELEGRAM_STAFF_CHATS", r"-?\d+", "department=chat_id").items()}


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram bot: its token, the Bot API it talks to, its webhook and the staff group chats."""

    bot_token: str = field(default="", repr=False)
    api_base_url: str = "https://api.telegram.org/bot"
    api_file_url: str = "https://api.telegram.org/file/bot"
    #: With a webhook URL the bot registers it; without, it polls and mounts no webhook route.
    webhook_url: str = ""
    #: Required with a webhook URL: Telegram sends it in a header, and posts without it are refused.
    webhook_secret: str = field(default="", repr=False)
    #: Department key -> Telegram group chat id where its cards go.
    staff_chats: dict[str, int] = field(default_factory=dict)
    #: Keep under Telegram's limits (30 messages/s, 20/min per group); off only against a local Bot API
    #: stand-in that has none (the load test), where the limiter would measure itself.
    rate_limit: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TelegramSettings:
        token = env.get("TELEGRAM_BOT_TOKEN") or ""
        if token and not re.fullmatch(r"\d+:[\w-]{20,}", token):
            raise SettingsError("TELEGRAM_BOT_TOKEN: expected the token BotFather gave, like 123456:ABC-DEF…")
        secret = env.get("TELEGRAM_WEBHOOK_SECRET") or ""
        # Telegram takes 1-256 of these; a short one could be guessed by anyone who reaches the port.
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET: 16-256 characters of A-Z, a-z, 0-9, _ and -")
        if env.get("TELEGRAM_WEBHOOK_URL") and not secret:
            # Without it anyone who reaches the port could post updates as any clerk or resident.
            raise SettingsError(
                "TELEGRAM_WEBHOOK_SECRET is needed with TELEGRAM_WEBHOOK_URL (16-256 of A-Z a-z 0-9 _ -)"
            )
        return cls(
            bot_token=token,
            api_base_url=env.get("TELEGRAM_API_BASE_URL") or cls.api_base_url,
            api_file_url=env.get("TELEGRAM_API_FILE_URL") or cls.api_file_url,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or "",
            webhook_secret=secret,
            staff_chats=_chats(env.get("YJS_TELEGRAM_STAFF_CHATS") or ""),
            rate_limit=_switch(env, "YJS_TELEGRAM_RATE_LIMIT", True),
        )


@dataclass(frozen=True)
class WechatSettings:
    """The WeChat Official Account: server token, keys, API address and push templates."""

    token: str = ""
    app_id: str = ""
    app_secret: str = ""
    #: EncodingAESKey: set for safe (encrypted) mode.
    aes_key: str = ""
    api_base_url: str = "https://api.weixin.qq.com"
    #: Kind of notice -> template id (模板消息) for pushes after the 48-hour window.
    templates: dict[str, str] = field(default_factory=dict)
    #: Our notice fact -> the template's field name (keyword1, thing2, ...): WeChat no longer shows first/remark.
    template_fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TEMPLATE_FIELDS))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WechatSettings:
        token, aes = env.get("WECHAT_TOKEN") or "", env.get("WECHAT_AES_KEY") or ""
        if token and not re.fullmatch(r"[A-Za-z0-9]{3,32}", token):
            raise SettingsError(
                "WECHAT_TOKEN: 3-32 letters or digits, as set in the Official Account's server settings"
            )
        if aes and not re.fullmatch(r"[A-Za-z0-9]{43}", aes):
            raise SettingsError("WECHAT_AES_KEY: the 43-character EncodingAESKey of the Official Account")
        if token and not env.get("WECHAT_APP_ID"):
            raise SettingsError("WECHAT_APP_ID is needed with WECHAT_TOKEN (and WECHAT_APP_SECRET for pushes)")
        return cls(
            token=token,
            app_id=env.get("WECHAT_APP_ID") or "",
            app_secret=env.get("WECHAT_APP_SECRET") or "",
            aes_key=aes,
            api_base_url=env.get("WECHAT_API_BASE_URL") or cls.api_base_url,
            templates=_pairs(env.get("WECHAT_TEMPLATES") or "", "WECHAT_TEMPLATES", r"[\w-]+"),
            template_fields=_template_fields(env.get("WECHAT_TEMPLATE_FIELDS") or ""),
        )


@dataclass(frozen=True)
class WecomSettings:
    """WeCom group robots, for departments whose staff use WeCom."""

    #: Department key -> WeCom group robot key.
    robots: dict[str, str] = field(default_factory=dict)
    api_base_url: str = "https://qyapi.weixin.qq.com"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WecomSettings:
        return cls(
            robots=_pairs(env.get("YJS_WECOM_ROBOTS") or "", "YJS_WECOM_ROBOTS", r"[\w-]+"),
            api_base_url=env.get("WECOM_API_BASE_URL") or cls.api_base_url,
        )


#: A command name or path: no spaces or control characters, since it is run without a shell.
_BINARY = r"[^\s\x00-\x1f]+"


def _piper_models(env: Mapping[str, str]) -> str:
    """`model.onnx` or `zh_CN=/a.onnx,en=/b.onnx`; whether the models are on disk is checked at use."""
    raw = env.get("YJS_PIPER_MODEL") or ""
    for part in filter(None, (p.strip() for p in raw.split(","))):
        locale, _, path = part.rpartition("=")
        if not path.strip() or (locale and not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", locale.strip())):
            raise SettingsError(f"YJS_PIPER_MODEL: {part!r} should be a path to a .onnx voice, or locale=path")
    return raw


@dataclass(frozen=True)
class SpeechSettings:
    """Speech out (espeak-ng, or Piper with an operator's model) and speech in (a recogniser)."""

    #: YJS_TTS=off turns read-aloud off.
    tts: bool = True
    espeak_bin: str = "espeak-ng"
    piper_bin: str = "piper"
    #: A Piper .onnx voice, or `zh_CN=/path/a.onnx,en=/path/b.onnx`; empty means espeak-ng only.
    piper_model: str = ""
    #: "package.module:factory" of a speech recogniser; empty means none.
    recognizer: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SpeechSettings:
        return cls(
            tts=_switch(env, "YJS_TTS", True),
            espeak_bin=_matching(env, "YJS_ESPEAK_BIN", _BINARY, "a command name or path") or cls.espeak_bin,
            piper_bin=_matching(env, "YJS_PIPER_BIN", _BINARY, "a command name or path") or cls.piper_bin,
            piper_model=_piper_models(env),
            recognizer=_matching(env, "YJS_RECOGNIZER", r"[A-Za-z_][\w.]*(?::[A-Za-z_]\w*)?", "package.module:factory"),
        )


@dataclass(frozen=True)
class QueueSettings:
    """The Dramatiq broker: Redis, or (without a URL) the embedded StubBroker with an in-process worker."""

    redis_url: str = ""
    #: amqp://user:pass@host:port/vhost: RabbitMQ carries the queues instead of Redis (Redis still
    #: holds the locks and rate limits of several serve processes).
    broker_url: str = ""
    #: How soon the messages of a dead worker go back to the queue (ms); Dramatiq's default is 60 s.
    heartbeat_ms: int = 60_000
    #: How often (per million Redis commands) that check runs; Dramatiq's default is 1,000.
    maintenance_chance: int = 1_000
    #: Seconds a claim of network work (a post, a push) holds before it is taken to be a dead worker's.
    claim_lease_seconds: int = 60
    #: The longest an idle worker's consumer waits between looks at a queue (ms). Dramatiq backs off up to
    #: this when a queue is empty (its default, 1,000, adds up to a second to each hop after idle: confirm ->
    #: route -> first card is two hops). 30 ms keeps the first card within 100 ms after idle for a few
    #: cheap Redis calls a second per queue and process.
    worker_timeout_ms: int = 30
    #: How often the outbox relay looks for rows nobody kicked it for (ms): rows committed by a process that
    #: died before it sent them, or left while Redis was down. Every commit kicks its own process's relay at
    #: once, so this is not on the path of a confirm.
    relay_poll_ms: int = 1_000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> QueueSettings:
        url = env.get("YJS_REDIS_URL") or ""
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"YJS_REDIS_URL={url!r}: expected redis://host:port/db")
        broker = env.get("YJS_BROKER_URL") or ""
        if broker and not broker.startswith(("amqp://", "amqps://")):
            raise SettingsError(f"YJS_BROKER_URL={broker!r}: expected amqp://user:password@host:port/vhost")
        if broker and not url:
            raise SettingsError("YJS_BROKER_URL needs YJS_REDIS_URL too: locks and rate limits live in Redis")
        return cls(
            redis_url=url,
            broker_url=broker,
            heartbeat_ms=_int(env, "YJS_REDIS_HEARTBEAT_MS", 60_000, 100, 24 * 3600 * 1000),
            maintenance_chance=_int(env, "YJS_REDIS_MAINTENANCE_CHANCE", 1_000, 0, 1_000_000),
            claim_lease_seconds=_int(env, "YJS_CLAIM_LEASE_SECONDS", 60, 1, 3600),
            worker_timeout_ms=_int(env, "YJS_WORKER_TIMEOUT_MS", 30, 5, 10_000),
            relay_poll_ms=_int(env, "YJS_RELAY_POLL_MS", 1_000, 10, 60_000),
        )


@dataclass(frozen=True)
class WebSettings:
    """The web process: the key that signs sessions, and the staff page's demo sign-in."""

    #: Signs web chat and staff sessions; empty means a key made once in the data directory.
    secret: str = field(default="", repr=False)
    #: Makes the demo's staff accounts with fresh passwords at start (always on for `yijianshi run` on loopback).
    staff_demo: bool = False
    #: A line per request in the log (path only). Off where the reverse proxy in front keeps the access log.
    access_log: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WebSettings:
        secret = env.get("YJS_SECRET") or ""
        # Short or padded keys are almost always a paste mistake; a weak key signs forgeable sessions.
        if secret and (len(secret) < 16 or secret != secret.strip()):
            raise SettingsError("YJS_SECRET: expected at least 16 characters, without surrounding spaces")
        return cls(
            secret=secret,
            staff_demo=_switch(env, "YJS_STAFF_DEMO", False),
            access_log=_switch(env, "YJS_ACCESS_LOG", True),
        )


def _rate(env: Mapping[str, str], name: str, default: str) -> str:
    """A limit such as `30/minute` or `20 per 10 seconds`, checked here so a typo stops the start."""
    from limits import parse

    raw = (env.get(name) or "").strip() or default
    try:
        parse(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a rate such as 30/minute or 5 per 10 seconds") from None
    return raw


def _clamd_address(env: Mapping[str, str]) -> str:
    """clamd's UNIX socket (an absolute path) or host:port of its TCP socket; empty means no scanner."""
    raw = (env.get("YJS_CLAMD_SOCKET") or "").strip()
    if raw and not (raw.startswith("/") or re.fullmatch(r"[\w.-]+:\d{1,5}", raw)):
        raise SettingsError(
            f"YJS_CLAMD_SOCKET={raw!r}: expected clamd's socket path (like /run/clamav/clamd.ctl) or host:port"
        )
    return raw


@dataclass(frozen=True)
class EdgeSettings:
    """What the web edge allows: timeouts, rate limits, upload quotas, session idle time, the proxy."""

    #: Hours a resident's web chat session may sit unused before its token is refused.
    chat_idle_hours: int = 24
    #: The reverse proxies (networks) whose X-Forwarded-For is believed; none by default.
    trust_proxy: tuple[str, ...] = ()
    #: Seconds a connection may take to send a request head, and may sit idle between requests.
    keepalive_seconds: int = 15
    #: Longest pause, in seconds, between two pieces of a request body.
    body_timeout_seconds: int = 20
    #: Web chat sessions one address may start.
    sessions_per_address: str = "30/minute"
    #: Messages (text, buttons, read-aloud requests) one session, and one address, may send.
    messages_per_session: str = "30/minute"
    messages_per_address: str = "300/minute"
    #: Upload requests one session may make.
    uploads_per_session: str = "20/minute"
    #: Megabytes one session, and one address, may upload in an hour.
    upload_mb_per_session_hour: int = 200
    upload_mb_per_address_hour: int = 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EdgeSettings:
        return cls(
            chat_idle_hours=_int(env, "YJS_CHAT_IDLE_HOURS", 24, 1, 24 * 90),
            trust_proxy=_proxies(env),
            keepalive_seconds=_int(env, "YJS_KEEPALIVE_SECONDS", 15, 1, 600),
            body_timeout_seconds=_int(env, "YJS_BODY_TIMEOUT_SECONDS", 20, 1, 600),
            sessions_per_address=_rate(env, "YJS_RATE_SESSIONS", cls.sessions_per_address),
            messages_per_session=_rate(env, "YJS_RATE_MESSAGES", cls.messages_per_session),
            messages_per_address=_rate(env, "YJS_RATE_MESSAGES_ADDRESS", cls.messages_per_address),
            uploads_per_session=_rate(env, "YJS_RATE_UPLOADS", cls.uploads_per_session),
            upload_mb_per_session_hour=_int(env, "YJS_UPLOAD_MB_PER_SESSION_HOUR", 200, 1, 100_000),
            upload_mb_per_address_hour=_int(env, "YJS_UPLOAD_MB_PER_ADDRESS_HOUR", 1000, 1, 1_000_000),
        )


@dataclass(frozen=True)
class StaffSettings:
    """The staff page's sessions."""

    #: Hours a staff session stays good without use; each use slides it on (a renewed cookie).
    idle_hours: int = 12
    #: Wrong passwords for one account, and from one address, before sign-in is locked there.
    lock_after: int = 5
    address_lock_after: int = 20
    #: Minutes the failures are counted over, and the lock lasts.
    lock_minutes: int = 15
    #: Hours a sign-in link (`yijianshi staff link`, first sign-in or reset) stays good.
    link_hours: int = 72

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> StaffSettings:
        return cls(
            idle_hours=_int(env, "YJS_STAFF_IDLE_HOURS", 12, 1, 24 * 30),
            lock_after=_int(env, "YJS_STAFF_LOCK_AFTER", 5, 2, 100),
            address_lock_after=_int(env, "YJS_STAFF_ADDRESS_LOCK_AFTER", 20, 2, 10000),
            lock_minutes=_int(env, "YJS_STAFF_LOCK_MINUTES", 15, 1, 24 * 60),
            link_hours=_int(env, "YJS_STAFF_LINK_HOURS", 72, 1, 24 * 30),
        )


@dataclass(frozen=True)
class ScanSettings:
    """The virus scanner for uploads (ClamAV's clamd); without one, files are kept marked unscanned."""

    #: clamd's LocalSocket path or host:port of its TCPSocket; empty: uploads are not scanned.
    clamd_socket: str = ""
    #: Seconds one scan may take; past it the file is kept marked unscanned rather than losing the upload.
    timeout_s: int = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ScanSettings:
        return cls(clamd_socket=_clamd_address(env), timeout_s=_int(env, "YJS_CLAMD_TIMEOUT", 30, 1, 600))


def hall_from_env(env: Mapping[str, str]) -> ServiceHall:
    """The service hall the one-time notice names (YJS_HALL_ADDRESS, YJS_HALL_HOURS); the shipped
    defaults are marked to be confirmed until both are set."""
    default = ServiceHall()
    address = (env.get("YJS_HALL_ADDRESS") or "").strip()
    hours = (env.get("YJS_HALL_HOURS") or "").strip()
    return ServiceHall(address or default.address, hours or default.hours, to_confirm=not (address and hours))


def live_from_env(env: Mapping[str, str]) -> LivePolicy:
    """人工客服 (YJS_LIVE_HOURS, YJS_LIVE_DEPARTMENT_HOURS, YJS_LIVE_WAIT_MINUTES): the shipped hours are
    周一至周五 9:00-12:00, 13:30-17:00 on the calendar's working days, marked to be confirmed until set."""
    raw = (env.get("YJS_LIVE_HOURS") or "").strip()
    # "power=08:30-12:00,13:00-17:30;tax=09:00-17:00": departments by ";", periods by ","
    pairs = [p.partition("=") for p in (env.get("YJS_LIVE_DEPARTMENT_HOURS") or "").split(";") if p.strip()]
    try:
        hours = ServiceHours.parse(raw) if raw else DEFAULT_HOURS
        by_department = {k.strip(): ServiceHours.parse(v) for k, _, v in pairs}
    except ValueError as error:
        raise SettingsError(f"YJS_LIVE_HOURS / YJS_LIVE_DEPARTMENT_HOURS: {error}") from None
    wait = _int(env, "YJS_LIVE_WAIT_MINUTES", 3, 1, 24 * 60)
    return LivePolicy(hours, by_department, wait, to_confirm=not raw)


@dataclass(frozen=True)
class PrivacySettings:
    """What the privacy notice tells residents before their personal information is collected."""

    #: Days a case's information and documents are kept, as the notice states (个人信息保护法 第十七条).
    retention_days: int = 1095

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PrivacySettings:
        return cls(retention_days=_int(env, "YJS_RETENTION_DAYS", 1095, 1, 365 * 30))


@dataclass(frozen=True)
class DemoSettings:
    """The embedded demo (`yijianshi run`)."""

    #: Seed sample cases on the first start (an empty database), so the desk has something to show.
    seed: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DemoSettings:
        return cls(seed=_switch(env, "YJS_DEMO_DATA", True))


@dataclass(frozen=True)
class RatingSettings:
    """好差评: how long a resident may change a rating they gave."""

    #: Days after a rating is first given during which it may be changed. No national or Shandong figure
    #: was found for this; 15 is this project's choice, to be set by the district (YJS_RATING_CHANGE_DAYS).
    change_days: int = 15

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RatingSettings:
        return cls(change_days=_int(env, "YJS_RATING_CHANGE_DAYS", 15, 1, 365))


@dataclass(frozen=True)
class RequestSettings:
    """Requests from residents (留言, 依申请公开, 好差评 follow-ups): working days to answer, and routing."""

    days: RequestDays = field(default_factory=RequestDays)
    #: Where a request goes when the resident names no department, and who hears of overdue ones
    #: (牵头 / 政务服务 department). Empty: the department that leads most scenarios.
    routing_department: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RequestSettings:
        days = RequestDays(
            consult=_int(env, "YJS_MESSAGE_DAYS_CONSULT", 5, 1, 60),
            complaint=_int(env, "YJS_MESSAGE_DAYS_COMPLAINT", 15, 1, 60),
            suggestion=_int(env, "YJS_MESSAGE_DAYS_SUGGESTION", 15, 1, 60),
            help=_int(env, "YJS_MESSAGE_DAYS_HELP", 5, 1, 60),
            followup=_int(env, "YJS_FOLLOWUP_DAYS", 5, 1, 60),
            disclosure=_int(env, "YJS_DISCLOSURE_DAYS", 20, 1, 60),
            disclosure_extension=_int(env, "YJS_DISCLOSURE_EXTENSION_DAYS", 20, 1, 60),
            extension=_int(env, "YJS_MESSAGE_EXTENSION_DAYS", 15, 1, 60),
            correction=_int(env, "YJS_CORRECTION_DAYS", 7, 1, 60),
        )
        routing = _matching(env, "YJS_REQUEST_ROUTING_DEPARTMENT", r"[a-z][a-z0-9_-]{1,47}", "a department key")
        return cls(days=days, routing_department=routing)


@dataclass(frozen=True)
class Settings:
    """Everything one process is configured with; build it with `from_env` at the entry point."""

    data_dir: Path = Path("data")
    database_url: str = ""
    material_dir: Path = field(default=Path())
    scenario_dir: Path | None = None
    #: The district's department registry (names, commitments shorter than an item's limit):
    #: replaces the departments.yaml beside the scenarios; checked at load.
    departments_file: Path | None = None
    #: The item registry (each item's department and time limit with its source): replaces items.yaml.
    items_file: Path | None = None
    #: Policy passages for search and Q&A; empty means the shipped ones.
    policy_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    #: Minutes a conversation may sit unfinished before its one reminder.
    idle_reminder_minutes: int = 30
    #: Hard cap on any upload; each material has its own, lower limit.
    max_upload_mb: int = 50
    #: Where people reach the web app: links on staff cards point here.
    public_url: str = ""
    #: Minutes between deadline sweeps.
    deadline_check_minutes: int = 15
    #: Megabytes of saved conversations a process keeps in memory (the least recently used go first).
    conversation_cache_mb: int = 64
    queue: QueueSettings = field(default_factory=QueueSettings)
    web: WebSettings = field(default_factory=WebSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    wechat: WechatSettings = field(default_factory=WechatSettings)
    wecom: WecomSettings = field(default_factory=WecomSettings)
    edge: EdgeSettings = field(default_factory=EdgeSettings)
    scan: ScanSettings = field(default_factory=ScanSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    demo: DemoSettings = field(default_factory=DemoSettings)
    ratings: RatingSettings = field(default_factory=RatingSettings)
    requests: RequestSettings = field(default_factory=RequestSettings)
    #: The service hall's address and hours, for what must be done in person (the one-time notice).
    hall: ServiceHall = field(default_factory=ServiceHall)
    #: 人工客服: service hours per department and how long a handover waits to be taken.
    live: LivePolicy = field(default_factory=LivePolicy)
    #: Canned replies (常用语) per department for the live page; empty means the shipped file.
    live_phrases_file: Path | None = None

    def secrets(self) -> list[str]:
        """What no log line may show: tokens, keys, and the passwords in the services' URLs."""
        urls = (self.database_url, self.queue.redis_url, self.queue.broker_url)
        passwords = [unquote(urlsplit(u).password or "") for u in urls if "@" in u]
        keys = [self.telegram.bot_token, self.telegram.webhook_secret, self.web.secret, self.wechat.token]
        keys += [self.wechat.app_secret, self.wechat.aes_key, *self.wecom.robots.values()]
        return [k for k in [*keys, *passwords] if k]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("YJS_DATA_DIR") or "data")
        scenario_dir = env.get("YJS_SCENARIO_DIR") or None
        policy_dir = env.get("YJS_POLICY_DIR") or None
        host, port = env.get("YJS_HOST") or "127.0.0.1", _int(env, "YJS_PORT", 8080, 1, 65535)
        return cls(
            data_dir=data,
            database_url=env.get("YJS_DATABASE_URL") or f"sqlite://{data / 'yijianshi.db'}",
            material_dir=Path(env.get("YJS_MATERIAL_DIR") or data / "materials"),
            scenario_dir=Path(scenario_dir) if scenario_dir else None,
            departments_file=_path(env, "YJS_DEPARTMENTS_FILE"),
            items_file=_path(env, "YJS_ITEMS_FILE"),
            policy_dir=Path(policy_dir) if policy_dir else None,
            host=host,
            port=port,
            idle_reminder_minutes=_int(env, "YJS_IDLE_REMINDER_MINUTES", 30, 1, 60 * 24 * 30),
            max_upload_mb=_int(env, "YJS_MAX_UPLOAD_MB", 50, 1, 200),
            public_url=(env.get("YJS_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/"),
            deadline_check_minutes=_int(env, "YJS_DEADLINE_CHECK_MINUTES", 15, 1, 24 * 60),
            conversation_cache_mb=_int(env, "YJS_CONVERSATION_CACHE_MB", 64, 1, 16_384),
            queue=QueueSettings.from_env(env),
            web=WebSettings.from_env(env),
            staff=StaffSettings.from_env(env),
            speech=SpeechSettings.from_env(env),
            telegram=TelegramSettings.from_env(env),
            wechat=WechatSettings.from_env(env),
            wecom=WecomSettings.from_env(env),
            edge=EdgeSettings.from_env(env),
            scan=ScanSettings.from_env(env),
            privacy=PrivacySettings.from_env(env),
            demo=DemoSettings.from_env(env),
            ratings=RatingSettings.from_env(env),
            requests=RequestSettings.from_env(env),
            hall=hall_from_env(env),
            live=live_from_env(env),
            live_phrases_file=_path(env, "YJS_LIVE_PHRASES_FILE"),
        )
