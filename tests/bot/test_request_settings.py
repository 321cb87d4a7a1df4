"""The request section of the settings: working days per kind, and the routing department."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError
from handlers.request_lifecycle import RequestKind


def test_defaults_follow_the_issue_and_the_statute() -> None:
    days = Settings.from_env({}).requests.days
    assert days.answer_days(RequestKind.MESSAGE, "consult") == 5
    assert days.answer_days(RequestKind.MESSAGE, "complaint") == 15
    assert days.answer_days(RequestKind.MESSAGE, "suggestion") == 15
    assert days.answer_days(RequestKind.MESSAGE, "help") == 5
    assert days.answer_days(RequestKind.FOLLOWUP) == 5
    assert (days.disclosure, days.disclosure_extension, days.correction) == (20, 20, 7)


def test_each_is_read_from_its_variable() -> None:
    env = {
        "YJS_MESSAGE_DAYS_COMPLAINT": "10",
        "YJS_DISCLOSURE_DAYS": "15",
        "YJS_REQUEST_ROUTING_DEPARTMENT": "big-data",
    }
    settings = Settings.from_env(env).requests
    assert settings.days.complaint == 10 and settings.days.disclosure == 15
    assert settings.routing_department == "big-data"


@pytest.mark.parametrize(
    "env", [{"YJS_MESSAGE_DAYS_CONSULT": "0"}, {"YJS_CORRECTION_DAYS": "x"}, {"YJS_REQUEST_ROUTING_DEPARTMENT": "A B"}]
)
def test_a_malformed_value_stops_the_start(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(env)
