"""Settings from the environment, each with a default that suits the embedded demo.

Every variable the program reads is parsed in this package, once, at start: a malformed value
stops the start with one line naming it, instead of failing later in whichever module first reads
it. The chat platforms' groups are in ``platforms``, the web process's in ``web``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.settings.parse import DATABASES, WEB, SettingsError, env_int, env_matching, env_path, env_switch, env_url
from bot.settings.platforms import TelegramSettings, WechatSettings, WecomSettings
from bot.settings.web import EdgeSettings, ScanSettings, StaffSettings, WebSettings
from casework.livehours import DEFAULT_HOURS, LivePolicy, ServiceHours
from casework.request_rules import RequestDays
from handlers.context import ServiceHall

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
            tts=env_switch(env, "YJS_TTS", True),
            espeak_bin=env_matching(env, "YJS_ESPEAK_BIN", _BINARY, "a command name or path") or cls.espeak_bin,
            piper_bin=env_matching(env, "YJS_PIPER_BIN", _BINARY, "a command name or path") or cls.piper_bin,
            piper_model=_piper_models(env),
            recognizer=env_matching(
                env, "YJS_RECOGNIZER", r"[A-Za-z_][\w.]*(?::[A-Za-z_]\w*)?", "package.module:factory"
            ),
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
            heartbeat_ms=env_int(env, "YJS_REDIS_HEARTBEAT_MS", 60_000, 100, 24 * 3600 * 1000),
            maintenance_chance=env_int(env, "YJS_REDIS_MAINTENANCE_CHANCE", 1_000, 0, 1_000_000),
            claim_lease_seconds=env_int(env, "YJS_CLAIM_LEASE_SECONDS", 60, 1, 3600),
            worker_timeout_ms=env_int(env, "YJS_WORKER_TIMEOUT_MS", 30, 5, 10_000),
            relay_poll_ms=env_int(env, "YJS_RELAY_POLL_MS", 1_000, 10, 60_000),
        )


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
    wait = env_int(env, "YJS_LIVE_WAIT_MINUTES", 3, 1, 24 * 60)
    return LivePolicy(hours, by_department, wait, to_confirm=not raw)


@dataclass(frozen=True)
class PrivacySettings:
    """What the privacy notice tells residents before their personal information is collected."""

    #: Days a case's information and documents are kept, as the notice states (个人信息保护法 第十七条).
    retention_days: int = 1095

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PrivacySettings:
        return cls(retention_days=env_int(env, "YJS_RETENTION_DAYS", 1095, 1, 365 * 30))


@dataclass(frozen=True)
class DemoSettings:
    """The embedded demo (`yijianshi run`)."""

    #: Seed sample cases on the first start (an empty database), so the desk has something to show.
    seed: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DemoSettings:
        return cls(seed=env_switch(env, "YJS_DEMO_DATA", True))


@dataclass(frozen=True)
class RatingSettings:
    """好差评: how long a resident may change a rating they gave."""

    #: Days after a rating is first given during which it may be changed. No national or Shandong figure
    #: was found for this; 15 is this project's choice, to be set by the district (YJS_RATING_CHANGE_DAYS).
    change_days: int = 15

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RatingSettings:
        return cls(change_days=env_int(env, "YJS_RATING_CHANGE_DAYS", 15, 1, 365))


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
            consult=env_int(env, "YJS_MESSAGE_DAYS_CONSULT", 5, 1, 60),
            complaint=env_int(env, "YJS_MESSAGE_DAYS_COMPLAINT", 15, 1, 60),
            suggestion=env_int(env, "YJS_MESSAGE_DAYS_SUGGESTION", 15, 1, 60),
            help=env_int(env, "YJS_MESSAGE_DAYS_HELP", 5, 1, 60),
            followup=env_int(env, "YJS_FOLLOWUP_DAYS", 5, 1, 60),
            disclosure=env_int(env, "YJS_DISCLOSURE_DAYS", 20, 1, 60),
            disclosure_extension=env_int(env, "YJS_DISCLOSURE_EXTENSION_DAYS", 20, 1, 60),
            extension=env_int(env, "YJS_MESSAGE_EXTENSION_DAYS", 15, 1, 60),
            correction=env_int(env, "YJS_CORRECTION_DAYS", 7, 1, 60),
        )
        routing = env_matching(env, "YJS_REQUEST_ROUTING_DEPARTMENT", r"[a-z][a-z0-9_-]{1,47}", "a department key")
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
        host, port = env.get("YJS_HOST") or "127.0.0.1", env_int(env, "YJS_PORT", 8080, 1, 65535)
        return cls(
            data_dir=data,
            database_url=env_url(env, "YJS_DATABASE_URL", DATABASES, f"sqlite://{data / 'yijianshi.db'}"),
            material_dir=Path(env.get("YJS_MATERIAL_DIR") or data / "materials"),
            scenario_dir=Path(scenario_dir) if scenario_dir else None,
            departments_file=env_path(env, "YJS_DEPARTMENTS_FILE"),
            items_file=env_path(env, "YJS_ITEMS_FILE"),
            policy_dir=Path(policy_dir) if policy_dir else None,
            host=host,
            port=port,
            idle_reminder_minutes=env_int(env, "YJS_IDLE_REMINDER_MINUTES", 30, 1, 60 * 24 * 30),
            max_upload_mb=env_int(env, "YJS_MAX_UPLOAD_MB", 50, 1, 200),
            public_url=env_url(env, "YJS_PUBLIC_URL", WEB, f"http://{host}:{port}").rstrip("/"),
            deadline_check_minutes=env_int(env, "YJS_DEADLINE_CHECK_MINUTES", 15, 1, 24 * 60),
            conversation_cache_mb=env_int(env, "YJS_CONVERSATION_CACHE_MB", 64, 1, 16_384),
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
            live_phrases_file=env_path(env, "YJS_LIVE_PHRASES_FILE"),
        )
