"""Logging for every process: one format, and no secret in any line.

python-telegram-bot's HTTP client (httpx) logs each request's URL at INFO, and the Bot API
puts the token in the URL (``/bot<token>/sendMessage``); anyone who reads the logs could
then act as the bot. At DEBUG it logs each call's parameters, the webhook's secret among them,
and a token the Bot API refuses ends the start with a traceback that quotes it. Every entry point
installs the redaction on the root handlers and on tracebacks Python prints itself, and hands it
the secrets its settings hold, which are then taken out of any line wherever they stand.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from types import TracebackType

from handlers.identity import mask_personal

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: The token as Bot API URLs carry it: /bot<digits>:<secret>/method, /file/bot<digits>:<secret>/path.
_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
#: The token standing alone (a repr, an error message): BotFather's secrets are 35 characters.
_BARE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}")
#: Credentials WeChat's API takes in the query string: an access token, and the app secret that gets one.
_QUERY_SECRET = re.compile(r"((?:access_token|secret)=)[^&\s'\"]+")
#: Shorter values are not taken out of lines (they would match ordinary words): settings ask for longer.
MIN_SECRET = 8
#: The configured secrets of this process (see `add_secrets`), longest first.
_secrets: list[str] = []


def masked_trace(error: BaseException | None) -> str:
    """A failure's traceback with ID numbers and mobiles masked: what a step failed on may quote them."""
    return mask_personal("".join(traceback.format_exception(error))) if error is not None else "no exception"


def add_secrets(values: Iterable[str]) -> None:
    """Values no line may show (tokens, keys, passwords): each is replaced by <redacted> wherever it stands."""
    known = set(_secrets) | {v for v in values if len(v) >= MIN_SECRET}
    _secrets[:] = sorted(known, key=len, reverse=True)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "<redacted>")
    if "=" in text:
        text = _QUERY_SECRET.sub(r"\1<redacted>", text)
    if ":" not in text:  # a token holds one in either form; most lines (every access line) hold none
        return text
    return _BARE.sub("<redacted>", _IN_URL.sub("bot<redacted>", text))


class TokenRedaction(logging.Filter):
    """Rewrites a record's message, exception and stack with any bot token replaced; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let the formatter report it as logging does
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            # Formatted here, once, so the formatter uses this text instead of formatting it again.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(secrets: Iterable[str] = ()) -> None:
    """Filters every handler on the root logger (once each), redacts the tracebacks Python prints itself
    (an exception that ends the process or a thread), and quiets httpx's per-request lines and the
    database clients' statements."""
    add_secrets(secrets)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # At DEBUG these write every statement with its parameters: ID numbers, addresses, platform tokens.
    for statements in ("tortoise.db_client", "aiosqlite"):
        logging.getLogger(statements).setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenRedaction) for f in handler.filters):
            handler.addFilter(TokenRedaction())
    sys.excepthook = _print_redacted
    threading.excepthook = _print_thread_redacted


def _print_redacted(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, error, trace))))


def _print_thread_redacted(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    _print_redacted(args.exc_type, args.exc_value, args.exc_traceback)


class _Formatter(logging.Formatter):
    """FORMAT, with each second's date and time written once: the access log writes a line per request, and
    logging's own formatTime formats the whole date for each."""

    _second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        if self._second[0] != second:
            self._second = (second, time.strftime(self.default_time_format, self.converter(record.created)))
        return f"{self._second[1]},{int(record.msecs):03d}"  # logging's default_msec_format


def setup_logging(level: int = logging.INFO) -> None:
    """What each entry point calls first: the root handler, then the redaction on it."""
    handler = logging.StreamHandler()
    handler.setFormatter(_Formatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    # FORMAT names no thread, process or source line, so no record need look them up: the knobs the
    # logging HOWTO's "Optimization" section lists. The access log writes a record for every request.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None  # type: ignore[attr-defined]
    install_redaction()
