"""Logs: the Telegram bot token never reaches a log record, whichever library logs the URL."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from browser.app_process import demo_env, free_port
from fake_telegram import SECRET, FakeTelegram, webhook_env

from bot.channels.telegram import TelegramBot, make_bot
from bot.logs import FORMAT, _Formatter, add_secrets, redact, setup_logging
from bot.settings import Settings

TOKEN = "123456:TEST-token-for-the-fake-server"


class Records(logging.Handler):
    """Keeps every formatted line, as a log file would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[Records]:
    """Every line the process writes with the root logger at DEBUG, set up as the entry points set it up."""
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    monkeypatch.setattr(root, "level", logging.DEBUG)
    setup_logging(logging.DEBUG)
    yield records
    root.removeHandler(records)


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
        assert "install_redaction(" in source or "setup_logging(" in source, entry


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


async def test_the_webhook_secret_stays_out_of_debug_lines(debug_lines, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a process logging at DEBUG, whose redaction was handed its settings' secrets
    async with TestServer(FakeTelegram(TOKEN).app()) as running:
        settings = Settings.from_env(webhook_env(f"http://127.0.0.1:{running.port}"))
        add_secrets(settings.secrets())
        # When the bot registers its webhook (PTB logs each call's parameters at DEBUG)
        bot = TelegramBot(settings, dialogs, files, catalog, {})
        await bot.start()
        await bot.stop()
    # Then the call was logged, and neither the secret nor the token is in any line
    assert [line for line in debug_lines.lines if "setWebhook" in line]
    assert all(SECRET not in line and TOKEN.split(":")[1] not in line for line in debug_lines.lines)


def test_configured_secrets_and_wechat_credentials_are_redacted() -> None:
    configured = dict(
        YJS_DATABASE_URL="postgres://yjs:db-pass-123456@db:5432/yjs", YJS_SECRET="a-key-of-twenty-characters"
    )
    configured |= dict(WECHAT_TOKEN="wxservertoken1", WECHAT_APP_ID="wx1234567890abcdef")
    settings = Settings.from_env(configured | {"WECHAT_APP_SECRET": "app-secret-abcdef"})
    add_secrets(settings.secrets())
    line = redact("connect postgres://yjs:db-pass-123456@db failed; key a-key-of-twenty-characters; wxservertoken1")
    assert "db-pass-123456" not in line and "a-key-of-twenty" not in line and "wxservertoken1" not in line
    url = "GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=app-secret-abcdef"
    assert redact(url) == "GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=<redacted>"
    assert redact("/cgi-bin/media/get?access_token=ACCESS.tok-9&media_id=m1") == (
        "/cgi-bin/media/get?access_token=<redacted>&media_id=m1"
    )


async def test_a_token_the_bot_api_refuses_is_not_printed_when_the_start_fails(tmp_path: Path) -> None:
    # Given the demo configured with a bot token the (fake) Bot API refuses
    refused = "987654:REFUSED-token-abcdefghijklmnop"
    async with TestServer(FakeTelegram(TOKEN).app()) as running:
        base = f"http://127.0.0.1:{running.port}"
        settings = {"TELEGRAM_BOT_TOKEN": refused, "TELEGRAM_API_BASE_URL": f"{base}/bot"}
        env = demo_env(tmp_path, free_port(), settings)
        # When it starts, and python-telegram-bot's InvalidToken (which quotes the token) ends it
        demo = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(demo.communicate(), timeout=120)
    # Then the failure is printed, without the token
    printed = output.decode(errors="replace")
    assert demo.returncode != 0 and "InvalidToken" in printed
    assert "REFUSED-token" not in printed and "<redacted>" in printed


async def test_database_statements_and_their_personal_data_stay_out_of_debug_lines(debug_lines, db) -> None:  # type: ignore[no-untyped-def]
    from models.user import User

    await User.create(channel="web", external_id="logs-371302198506120027", locale="zh_CN")
    assert not [line for line in debug_lines.lines if "371302198506120027" in line]
