"""Button data (handlers/buttons.py): the same wire format as buttons already sent."""

from __future__ import annotations

from handlers.buttons import ButtonData, GlobalAction, StepAction, anywhere
from handlers.catalog import Catalog
from handlers.ratings import RatePress, Verb


def test_pack_writes_token_action_and_argument() -> None:
    assert ButtonData("*", GlobalAction.SCENARIO, "retirement").pack() == "*|sc:retirement"
    assert ButtonData("ab12cd34", StepAction.START).pack() == "ab12cd34|start"


def test_old_data_unpacks_with_colons_kept_in_the_argument() -> None:
    assert ButtonData.unpack("ab12cd34|edit:field:phone") == ButtonData("ab12cd34", "edit", "field:phone")
    assert ButtonData.unpack("ab12cd34|edit:items:") == ButtonData("ab12cd34", "edit", "items:")


def test_malformed_data_unpacks_to_empty_parts() -> None:
    assert ButtonData.unpack("forged-data-without-structure") == ButtonData("forged-data-without-structure", "", "")


def test_a_button_anywhere_carries_the_star_token() -> None:
    assert anywhere("菜单", GlobalAction.MENU).data == "*|menu"


def test_rating_button_data_round_trips_and_refuses_what_it_cannot_read() -> None:
    press = RatePress("LG20261126-0001", "fire_check", Verb.LEVEL, "satisfied")
    assert press.pack() == "LG20261126-0001:fire_check:l:2"
    assert RatePress.unpack(press.pack()) == press
    assert RatePress.unpack("LG20261126-0001:fire_check:r:3") == RatePress(
        "LG20261126-0001", "fire_check", Verb.REASON, "attitude"
    )
    assert RatePress.unpack("LG20261126-0001") == RatePress("LG20261126-0001")
    assert RatePress.unpack("LG20261126-0001:fire_check:explode") is None
    assert RatePress.unpack("LG20261126-0001:fire_check:l:6") is None
    assert RatePress.unpack("LG20261126-0001:fire_check:l:satisfied") is None
    assert RatePress.unpack("") is None


def test_every_rating_button_fits_in_telegrams_64_bytes(catalog: Catalog) -> None:
    longest = max((item.key for scenario in catalog for item in scenario.items), key=len)
    press = RatePress("LG20261126-9999", longest, Verb.LEVEL, "very_dissatisfied")
    assert len(anywhere("x", GlobalAction.RATE, press.pack()).data.encode()) <= 64


def test_a_live_rating_button_packs_and_unpacks() -> None:
    from handlers.buttons import LIVE_LEVELS, LiveRate

    assert [LiveRate(12, level).pack() for level in LIVE_LEVELS] == ["12:5", "12:4", "12:3", "12:2", "12:1"]
    assert LiveRate.unpack("12:3") == LiveRate(12, 3)
    for forged in ("12:6", "12:0", "x:3", "12", "12:3:4", "", "-1:3"):
        assert LiveRate.unpack(forged) is None, forged
