"""Logs: the Telegram bot token never reaches a log record, whichever library logs the URL."""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestServer
from fake_telegram import FakeTelegram

from bot.channels.telegram import make_bot
from bot.logs import FORMAT, _Formatter, redact, setup_logging
from bot.settings import Settings

TOKEN = "123456:TEST-token-for-the-fake-server"


class Records(logging.Handler):
    """Keeps every formatted line, as a log file would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


async def test_telegram_calls_log_without_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a process whose logging is set up the way every entry point sets it up
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    monkeypatch.setattr(root, "level", logging.INFO)
    try:
        setup_logging(logging.INFO)
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        # And httpx turned back up to INFO (an operator debugging): its lines carry every API URL
        monkeypatch.setattr(logging.getLogger("httpx"), "level", logging.INFO)
        server = FakeTelegram(TOKEN)
        async with TestServer(server.app()) as running:
            base = f"http://127.0.0.1:{running.port}"
            settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"{base}/bot"})
            # When the bot calls the (fake) Bot API
            bot = make_bot(settings)
            await bot.initialize()
            await bot.send_message(555001, "你好")
            await bot.shutdown()
    finally:
        root.removeHandler(records)
    # Then the calls were logged, and no line holds the token
    assert [line for line in records.lines if "sendMessage" in line]
    assert all(TOKEN not in line and TOKEN.split(":")[1] not in line for line in records.lines)
    assert any("bot<redacted>/sendMessage" in line for line in records.lines)


def test_a_token_is_redacted_wherever_it_stands() -> None:
    assert (
        redact(f"POST https://api.telegram.org/bot{TOKEN}/getMe") == "POST https://api.telegram.org/bot<redacted>/getMe"
    )
    assert redact(f"GET /file/bot{TOKEN}/docs/a.jpg") == "GET /file/bot<redacted>/docs/a.jpg"
    assert TOKEN not in redact(f"token={TOKEN}")
    assert redact("case 12:30 LG20261126-0001") == "case 12:30 LG20261126-0001"


def test_an_exception_in_a_record_is_redacted_too() -> None:
    records = Records()
    records.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("tests.logs.exception")
    logger.addHandler(records)
    logger.propagate = False
    from bot.logs import TokenRedaction

    records.addFilter(TokenRedaction())
    try:
        raise RuntimeError(f"connect to https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        logger.exception("call %s failed", f"bot{TOKEN}")
    finally:
        logger.removeHandler(records)
    assert records.lines and all(TOKEN.split(":")[1] not in line for line in records.lines)


def test_every_entry_point_installs_the_redaction() -> None:
    from pathlib import Path

    import bot

    root = Path(bot.__file__).parent
    for entry in ("cli.py", "worker.py", "embedded.py"):
        source = (root / entry).read_text()
        assert "install_redaction()" in source or "setup_logging(" in source, entry


def test_the_command_line_filters_the_root_handlers(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main
    from bot.logs import TokenRedaction

    assert main(["scenarios"]) == 0
    handlers = logging.getLogger().handlers
    assert handlers and all(any(isinstance(f, TokenRedaction) for f in h.filters) for h in handlers)


def test_the_formatter_writes_what_loggings_own_writes() -> None:
    ours, theirs = _Formatter(FORMAT), logging.Formatter(FORMAT)
    for created in (1_764_000_000.0, 1_764_000_000.999, 1_764_000_001.5, 1_764_000_000.25, 1_800_000_000.0):
        record = logging.LogRecord("aiohttp.access", logging.INFO, "", 0, '127.0.0.1 "POST %s" 200', ("/x",), None)
        record.created, record.msecs = created, (created - int(created)) * 1000
        assert ours.format(record) == theirs.format(record)


def test_lines_without_a_colon_are_left_as_they_are_and_tokens_still_go() -> None:
    assert redact('127.0.0.1 "POST /api/events" 200 597 0.013s') == '127.0.0.1 "POST /api/events" 200 597 0.013s'
    assert "ABCdef" not in redact("1234567:ABCdefGHIjklMNOpqrSTUvwxYZ012345678")
