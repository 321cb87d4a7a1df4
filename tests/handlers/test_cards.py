"""The card button codec: the wire format of today, and None (never an exception) for anything else."""

from __future__ import annotations

import pytest

from handlers.cards import CardPress
from handlers.lifecycle import StaffAction


def test_a_press_packs_to_the_wire_format_and_back() -> None:
    press = CardPress(12, 3, StaffAction.SUPPLEMENT, 45)
    assert press.pack() == "card:12:3:supplement:45"
    assert CardPress.unpack(press.pack()) == press


@pytest.mark.parametrize(
    "data", ["", "card:1:x:accept:1", "card:1:2:explode:3", "card:1:2:accept", "x:1:2:accept:3", "card:1:2:accept:3:4"]
)
def test_malformed_data_unpacks_to_none(data: str) -> None:
    assert CardPress.unpack(data) is None
