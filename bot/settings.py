"""Settings from the environment, each with a default that suits the embedded demo."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handlers.events import NOTICE_FACTS


class SettingsError(ValueError):
    """A setting that is missing or malformed; the message names it and says what is expected."""


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
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


def _telegram(env: dict[str, str]) -> dict[str, Any]:
    token = env.get("TELEGRAM_BOT_TOKEN") or ""
    if token and not re.fullmatch(r"\d+:[\w-]{20,}", token):
        raise SettingsError("TELEGRAM_BOT_TOKEN: expected the token BotFather gave, like 123456:ABC-DEF…")
    secret = env.get("TELEGRAM_WEBHOOK_SECRET") or ""
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise SettingsError("TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
    settings: dict[str, Any] = {
        "telegram_bot_token": token,
        "telegram_webhook_url": env.get("TELEGRAM_WEBHOOK_URL") or "",
        "telegram_webhook_secret": secret,
        "telegram_staff_chats": _chats(env.get("YJS_TELEGRAM_STAFF_CHATS") or ""),
    }
    if base := env.get("TELEGRAM_API_BASE_URL"):
        settings["telegram_api_base_url"] = base
    if files := env.get("TELEGRAM_API_FILE_URL"):
        settings["telegram_api_file_url"] = files
    return settings


def _wechat(env: dict[str, str]) -> dict[str, Any]:
    token, aes = env.get("WECHAT_TOKEN") or "", env.get("WECHAT_AES_KEY") or ""
    if token and not re.fullmatch(r"[A-Za-z0-9]{3,32}", token):
        raise SettingsError("WECHAT_TOKEN: 3-32 letters or digits, as set in the Official Account's server settings")
    if aes and not re.fullmatch(r"[A-Za-z0-9]{43}", aes):
        raise SettingsError("WECHAT_AES_KEY: the 43-character EncodingAESKey of the Official Account")
    if token and not env.get("WECHAT_APP_ID"):
        raise SettingsError("WECHAT_APP_ID is needed with WECHAT_TOKEN (and WECHAT_APP_SECRET for pushes)")
    settings: dict[str, Any] = {
        "wechat_token": token,
        "wechat_aes_key": aes,
        "wechat_app_id": env.get("WECHAT_APP_ID") or "",
        "wechat_app_secret": env.get("WECHAT_APP_SECRET") or "",
        "wechat_templates": _pairs(env.get("WECHAT_TEMPLATES") or "", "WECHAT_TEMPLATES", r"[\w-]+"),
        "wechat_template_fields": _template_fields(env.get("WECHAT_TEMPLATE_FIELDS") or ""),
        "wecom_robots": _pairs(env.get("YJS_WECOM_ROBOTS") or "", "YJS_WECOM_ROBOTS", r"[\w-]+"),
    }
    if base := env.get("WECHAT_API_BASE_URL"):
        settings["wechat_api_base_url"] = base
    if base := env.get("WECOM_API_BASE_URL"):
        settings["wecom_api_base_url"] = base
    return settings


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
class Settings:
    data_dir: Path = Path("data")
    database_url: str = ""
    material_dir: Path = field(default=Path())
    scenario_dir: Path | None = None
    #: Policy passages for search and Q&A; empty means the shipped ones.
    policy_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    #: Minutes a conversation may sit unfinished before its one reminder.
    idle_reminder_minutes: int = 30
    #: Hard cap on any upload; each material has its own, lower limit.
    max_upload_mb: int = 50
    #: Redis for Dramatiq; empty means the embedded StubBroker with an in-process worker.
    redis_url: str = ""
    #: Where people reach the web app: links on staff cards point here.
    public_url: str = ""
    #: Minutes between deadline sweeps.
    deadline_check_minutes: int = 15
    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    #: With a webhook URL the bot registers it; without, it polls.
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    #: Department key -> Telegram group chat id where its cards go.
    telegram_staff_chats: dict[str, int] = field(default_factory=dict)
    wechat_token: str = ""
    wechat_app_id: str = ""
    wechat_app_secret: str = ""
    #: EncodingAESKey: set for safe (encrypted) mode.
    wechat_aes_key: str = ""
    wechat_api_base_url: str = "https://api.weixin.qq.com"
    #: Kind of notice -> template id (模板消息) for pushes after the 48-hour window.
    wechat_templates: dict[str, str] = field(default_factory=dict)
    #: Our notice fact -> the template's field name (keyword1, thing2, ...): WeChat no longer shows first/remark.
    wechat_template_fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TEMPLATE_FIELDS))
    #: Department key -> WeCom group robot key, for departments whose staff use WeCom.
    wecom_robots: dict[str, str] = field(default_factory=dict)
    wecom_api_base_url: str = "https://qyapi.weixin.qq.com"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("YJS_DATA_DIR") or "data")
        scenario_dir = env.get("YJS_SCENARIO_DIR") or None
        policy_dir = env.get("YJS_POLICY_DIR") or None
        host, port = env.get("YJS_HOST") or "127.0.0.1", _int(env, "YJS_PORT", 8080, 1, 65535)
        if env.get("YJS_REDIS_URL") and not env["YJS_REDIS_URL"].startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"YJS_REDIS_URL={env['YJS_REDIS_URL']!r}: expected redis://host:port/db")
        return cls(
            data_dir=data,
            database_url=env.get("YJS_DATABASE_URL") or f"sqlite://{data / 'yijianshi.db'}",
            material_dir=Path(env.get("YJS_MATERIAL_DIR") or data / "materials"),
            scenario_dir=Path(scenario_dir) if scenario_dir else None,
            policy_dir=Path(policy_dir) if policy_dir else None,
            host=host,
            port=port,
            idle_reminder_minutes=_int(env, "YJS_IDLE_REMINDER_MINUTES", 30, 1, 60 * 24 * 30),
            max_upload_mb=_int(env, "YJS_MAX_UPLOAD_MB", 50, 1, 200),
            redis_url=env.get("YJS_REDIS_URL") or "",
            public_url=(env.get("YJS_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/"),
            deadline_check_minutes=_int(env, "YJS_DEADLINE_CHECK_MINUTES", 15, 1, 24 * 60),
            **_telegram(env),
            **_wechat(env),
        )
