"""The web process's settings: session keys, the edge's limits, the staff sign-in, the upload scanner."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.settings.parse import SettingsError, env_int, env_switch

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
            staff_demo=env_switch(env, "YJS_STAFF_DEMO", False),
            access_log=env_switch(env, "YJS_ACCESS_LOG", True),
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
            chat_idle_hours=env_int(env, "YJS_CHAT_IDLE_HOURS", 24, 1, 24 * 90),
            trust_proxy=_proxies(env),
            keepalive_seconds=env_int(env, "YJS_KEEPALIVE_SECONDS", 15, 1, 600),
            body_timeout_seconds=env_int(env, "YJS_BODY_TIMEOUT_SECONDS", 20, 1, 600),
            sessions_per_address=_rate(env, "YJS_RATE_SESSIONS", cls.sessions_per_address),
            messages_per_session=_rate(env, "YJS_RATE_MESSAGES", cls.messages_per_session),
            messages_per_address=_rate(env, "YJS_RATE_MESSAGES_ADDRESS", cls.messages_per_address),
            uploads_per_session=_rate(env, "YJS_RATE_UPLOADS", cls.uploads_per_session),
            upload_mb_per_session_hour=env_int(env, "YJS_UPLOAD_MB_PER_SESSION_HOUR", 200, 1, 100_000),
            upload_mb_per_address_hour=env_int(env, "YJS_UPLOAD_MB_PER_ADDRESS_HOUR", 1000, 1, 1_000_000),
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
            idle_hours=env_int(env, "YJS_STAFF_IDLE_HOURS", 12, 1, 24 * 30),
            lock_after=env_int(env, "YJS_STAFF_LOCK_AFTER", 5, 2, 100),
            address_lock_after=env_int(env, "YJS_STAFF_ADDRESS_LOCK_AFTER", 20, 2, 10000),
            lock_minutes=env_int(env, "YJS_STAFF_LOCK_MINUTES", 15, 1, 24 * 60),
            link_hours=env_int(env, "YJS_STAFF_LINK_HOURS", 72, 1, 24 * 30),
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
        return cls(clamd_socket=_clamd_address(env), timeout_s=env_int(env, "YJS_CLAMD_TIMEOUT", 30, 1, 600))
