"""The chat platforms' settings: Telegram, the WeChat Official Account, WeCom group robots."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.settings.parse import WEB, SettingsError, env_switch, env_url, key_value_pairs
from handlers.events import NOTICE_FACTS

#: The classic template layout (keyword1..keyword4), used when WECHAT_TEMPLATE_FIELDS is not set.
DEFAULT_TEMPLATE_FIELDS = {"number": "keyword1", "item": "keyword2", "status": "keyword3", "time": "keyword4"}


def _template_fields(raw: str) -> dict[str, str]:
    """`number=character_string1,item=thing2` -> {"number": "character_string1", "item": "thing2"}."""
    name = "WECHAT_TEMPLATE_FIELDS"
    fields = key_value_pairs(raw, name, r"[a-z_]+\d*", "fact=template_field, like number=character_string1")
    unknown = sorted(set(fields) - set(NOTICE_FACTS))
    if unknown:
        raise SettingsError(f"{name}: unknown fact {unknown[0]!r}; known are {', '.join(NOTICE_FACTS)}")
    if len(set(fields.values())) < len(fields):
        raise SettingsError(f"{name}: each template field may be filled by one fact only")
    return fields or dict(DEFAULT_TEMPLATE_FIELDS)


def _chats(raw: str) -> dict[str, int]:
    """`approval=-1001234,power=-1005678` -> {"approval": -1001234, "power": -1005678}."""
    return {
        k: int(v) for k, v in key_value_pairs(raw, "YJS_TELEGRAM_STAFF_CHATS", r"-?\d+", "department=chat_id").items()
    }


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
            api_base_url=env_url(env, "TELEGRAM_API_BASE_URL", WEB, cls.api_base_url),
            api_file_url=env_url(env, "TELEGRAM_API_FILE_URL", WEB, cls.api_file_url),
            webhook_url=env_url(env, "TELEGRAM_WEBHOOK_URL", WEB),
            webhook_secret=secret,
            staff_chats=_chats(env.get("YJS_TELEGRAM_STAFF_CHATS") or ""),
            rate_limit=env_switch(env, "YJS_TELEGRAM_RATE_LIMIT", True),
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
            api_base_url=env_url(env, "WECHAT_API_BASE_URL", WEB, cls.api_base_url),
            templates=key_value_pairs(env.get("WECHAT_TEMPLATES") or "", "WECHAT_TEMPLATES", r"[\w-]+"),
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
            robots=key_value_pairs(env.get("YJS_WECOM_ROBOTS") or "", "YJS_WECOM_ROBOTS", r"[\w-]+"),
            api_base_url=env_url(env, "WECOM_API_BASE_URL", WEB, cls.api_base_url),
        )
