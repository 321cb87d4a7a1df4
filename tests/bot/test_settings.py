"""Settings: every variable is parsed in one place, and a malformed one stops the start by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]

#: One malformed value of each variable parsed into a section, as an operator might mistype it.
MALFORMED = {
    "YJS_TTS": "maybe",
    "YJS_ESPEAK_BIN": "espeak ng",
    "YJS_PIPER_BIN": "piper\t--debug",
    "YJS_PIPER_MODEL": "zh-cn=/voices/a.onnx",
    "YJS_RECOGNIZER": "my module:make",
    "YJS_REDIS_URL": "localhost:6379",
    "YJS_BROKER_URL": "rabbitmq:5672",
    "YJS_REDIS_HEARTBEAT_MS": "soon",
    "YJS_REDIS_MAINTENANCE_CHANCE": "2000000",
    "YJS_SECRET": "short",
    "YJS_STAFF_DEMO": "please",
    "YJS_TELEGRAM_RATE_LIMIT": "sometimes",
}


#: A value no parser of that kind takes, by the helper ``bot/settings/`` reads the variable with.
WRONG_FOR = {
    "env_int": "many",
    "env_switch": "maybe",
    "_rate": "lots",
    "env_url": "nowhere",
    "env_matching": "two words",
}


def parsed_variables() -> dict[str, str]:
    """Every variable bot/settings/ reads through a checking helper, with a value wrong for it."""
    import ast

    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "bot/settings").glob("*.py"))]
    return {
        call.args[1].value: WRONG_FOR[call.func.id]
        for tree in trees
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in WRONG_FOR
        if len(call.args) > 1 and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str)
    }


def test_every_checked_variable_is_found() -> None:
    found = parsed_variables()
    assert len(found) > 50 and {"YJS_PORT", "YJS_DATABASE_URL", "YJS_PUBLIC_URL", "YJS_TTS"} <= set(found)


@pytest.mark.parametrize("name", sorted({**parsed_variables(), **MALFORMED}))
def test_a_malformed_value_stops_the_start_naming_it(name: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(name)):
        Settings.from_env({name: MALFORMED.get(name) or parsed_variables()[name]})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("YJS_DATABASE_URL", "postgress://yjs@db:5432/yijianshi"),
        ("YJS_DATABASE_URL", "mysql://yjs@db/yijianshi"),
        ("YJS_PUBLIC_URL", "yjs.example.gov.cn"),
        ("YJS_PUBLIC_URL", "https://"),
        ("TELEGRAM_API_BASE_URL", "127.0.0.1:8081/bot"),
        ("WECHAT_API_BASE_URL", "ftp://api.example"),
    ],
)
def test_an_address_of_the_wrong_kind_stops_the_start(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(name)):
        Settings.from_env({name: value})


def test_addresses_of_the_right_kind_are_kept() -> None:
    settings = Settings.from_env(
        {
            "YJS_DATABASE_URL": "postgres://yjs:pw@db:5432/yijianshi",
            "YJS_PUBLIC_URL": "https://yjs.example.gov.cn/",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        }
    )
    assert settings.database_url == "postgres://yjs:pw@db:5432/yijianshi"
    assert settings.public_url == "https://yjs.example.gov.cn"
    assert settings.telegram.api_base_url == "http://127.0.0.1:8081/bot"
    assert Settings.from_env({"YJS_DATABASE_URL": "sqlite:///tmp/y.db"}).database_url == "sqlite:///tmp/y.db"


def test_a_routing_department_not_in_the_catalog_stops_the_start_naming_it() -> None:
    from bot.app import _catalog

    assert _catalog(Settings.from_env({"YJS_REQUEST_ROUTING_DEPARTMENT": "power"})).departments
    with pytest.raises(SettingsError, match=r"^YJS_REQUEST_ROUTING_DEPARTMENT='nosuch'"):
        _catalog(Settings.from_env({"YJS_REQUEST_ROUTING_DEPARTMENT": "nosuch"}))


def test_the_command_line_prints_one_line_naming_it(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YJS_REDIS_HEARTBEAT_MS", "soon")
    assert main(["scenarios"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("yijianshi: YJS_REDIS_HEARTBEAT_MS=")


def test_rabbitmq_carries_the_queues_when_named_and_redis_stays_for_the_locks() -> None:
    queue = Settings.from_env({"YJS_REDIS_URL": "redis://r:6379/0", "YJS_BROKER_URL": "amqp://u:p@mq:5672/%2F"}).queue
    assert (queue.redis_url, queue.broker_url) == ("redis://r:6379/0", "amqp://u:p@mq:5672/%2F")
    with pytest.raises(SettingsError, match="YJS_BROKER_URL needs YJS_REDIS_URL"):
        Settings.from_env({"YJS_BROKER_URL": "amqp://u:p@mq:5672/%2F"})


@pytest.mark.parametrize("secret", ["", "a", "short_secret-15"], ids=["none", "one-character", "15-characters"])
def test_a_webhook_without_a_secret_that_cannot_be_guessed_is_refused(secret: str) -> None:
    # Without the secret (or with one a few thousand posts could guess) anyone who reaches the port
    # could post updates as any clerk or resident.
    webhook = {
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token-for-the-fake-server",
        "TELEGRAM_WEBHOOK_URL": "https://b.example/tg",
    }
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env(webhook | {"TELEGRAM_WEBHOOK_SECRET": secret})
    assert Settings.from_env(webhook | {"TELEGRAM_WEBHOOK_SECRET": "a_secret-of-16ch"}).telegram.webhook_secret


def test_the_sections_take_their_variables() -> None:
    settings = Settings.from_env(
        {
            "YJS_REDIS_URL": "redis://queue:6379/2",
            "YJS_REDIS_HEARTBEAT_MS": "2000",
            "YJS_REDIS_MAINTENANCE_CHANCE": "1000000",
            "YJS_SECRET": "a-secret-of-sixteen+",
            "YJS_STAFF_DEMO": "1",
            "YJS_TTS": "off",
            "YJS_ESPEAK_BIN": "/opt/espeak/bin/espeak-ng",
            "YJS_PIPER_MODEL": "zh_CN=/voices/zh.onnx, en=/voices/en.onnx",
            "YJS_RECOGNIZER": "vosk_adapter.recognise:make",
            "YJS_TELEGRAM_STAFF_CHATS": "power=-100200",
            "YJS_WECOM_ROBOTS": "fire=key-1",
        }
    )
    assert (settings.queue.redis_url, settings.queue.heartbeat_ms, settings.queue.maintenance_chance) == (
        "redis://queue:6379/2",
        2000,
        1_000_000,
    )
    assert settings.web.secret == "a-secret-of-sixteen+" and settings.web.staff_demo
    assert "a-secret" not in repr(settings)  # settings may be logged; the key must not be
    speech = settings.speech
    assert not speech.tts and speech.espeak_bin == "/opt/espeak/bin/espeak-ng" and speech.piper_bin == "piper"
    assert speech.piper_model.startswith("zh_CN=") and speech.recognizer == "vosk_adapter.recognise:make"
    assert settings.telegram.staff_chats == {"power": -100200} and settings.wecom.robots == {"fire": "key-1"}


def test_the_defaults_suit_the_embedded_demo() -> None:
    settings = Settings.from_env({})
    assert settings.queue.redis_url == "" and settings.queue.heartbeat_ms == 60_000
    assert settings.web.secret == "" and not settings.web.staff_demo
    assert settings.speech.tts and settings.speech.espeak_bin == "espeak-ng" and settings.speech.recognizer == ""
    assert settings.database_url == "sqlite://data/yijianshi.db"


def test_an_operators_department_registry_is_used_and_checked_at_start(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from handlers.catalog.loader import shipped_directory

    # Given an edited departments file named in the settings, renaming a department
    data = yaml.safe_load((shipped_directory() / "departments.yaml").read_text(encoding="utf-8"))
    next(d for d in data["departments"] if d["key"] == "health")["name"]["zh_CN"] = "临港区卫生健康局"
    edited = tmp_path / "departments.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = Settings.from_env({"YJS_DEPARTMENTS_FILE": str(edited), "YJS_ITEMS_FILE": ""})
    assert settings.departments_file == edited and settings.items_file is None
    # Then the catalog command lists the operator's name, with no code change
    monkeypatch.setenv("YJS_DEPARTMENTS_FILE", str(edited))
    assert main(["scenarios", "--json"]) == 0
    assert "临港区卫生健康局" in capsys.readouterr().out
    # And a broken one stops the command, naming the file
    edited.write_text("departments:\n  - key: approval\n", encoding="utf-8")
    assert main(["scenarios"]) != 0
    assert f"{edited}: departments.0.name" in capsys.readouterr().err


def test_the_retention_the_privacy_notice_states() -> None:
    assert Settings.from_env({}).privacy.retention_days == 1095
    assert Settings.from_env({"YJS_RETENTION_DAYS": "730"}).privacy.retention_days == 730
    with pytest.raises(SettingsError, match="YJS_RETENTION_DAYS"):
        Settings.from_env({"YJS_RETENTION_DAYS": "0"})


def test_the_days_a_rating_may_be_changed() -> None:
    assert Settings.from_env({}).ratings.change_days == 15
    assert Settings.from_env({"YJS_RATING_CHANGE_DAYS": "30"}).ratings.change_days == 30
    with pytest.raises(SettingsError, match="YJS_RATING_CHANGE_DAYS"):
        Settings.from_env({"YJS_RATING_CHANGE_DAYS": "0"})


def test_the_service_hall_is_to_confirm_until_address_and_hours_are_set() -> None:
    from bot.settings import Settings

    assert Settings.from_env({}).hall.to_confirm
    assert Settings.from_env({"YJS_HALL_ADDRESS": "临港区滨海路1号"}).hall.to_confirm
    hall = Settings.from_env({"YJS_HALL_ADDRESS": "临港区滨海路1号", "YJS_HALL_HOURS": "工作日 9:00—17:00"}).hall
    assert (hall.address, hall.hours, hall.to_confirm) == ("临港区滨海路1号", "工作日 9:00—17:00", False)


def test_the_telegram_rate_limiter_is_on_unless_turned_off_for_a_local_bot_api() -> None:
    from bot.channels.telegram.sender import make_bot

    token = {"TELEGRAM_BOT_TOKEN": "123456:TEST-token-for-the-fake-server"}
    assert make_bot(Settings.from_env(token)).rate_limiter is not None
    assert make_bot(Settings.from_env({**token, "YJS_TELEGRAM_RATE_LIMIT": "off"})).rate_limiter is None


def test_live_chat_hours_per_department_and_the_wait() -> None:
    from casework.livehours import DEFAULT_HOURS

    shipped = Settings.from_env({}).live
    assert shipped.hours == DEFAULT_HOURS and shipped.to_confirm and shipped.wait_minutes == 3
    live = Settings.from_env(
        {
            "YJS_LIVE_HOURS": "08:30-12:00,13:00-17:30",
            "YJS_LIVE_DEPARTMENT_HOURS": "power=daily 00:00-24:00;tax=09:00-16:00",
            "YJS_LIVE_WAIT_MINUTES": "5",
        }
    ).live
    assert not live.to_confirm and live.wait_minutes == 5
    assert live.hours_of("power").daily and live.hours_of("approval").text() == "08:30—12:00、13:00—17:30"
    with pytest.raises(SettingsError, match="YJS_LIVE_HOURS"):
        Settings.from_env({"YJS_LIVE_HOURS": "9-17"})
