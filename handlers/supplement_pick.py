"""A clerk ticking, in a chat, what a supplement request asks for again (the staff card's 补正 button)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from handlers.cards import STAFF_LOCALE, CardPress
from handlers.catalog.schema import Scenario
from handlers.context import Translate
from handlers.events import Button, Reply
from handlers.lifecycle import StaffAction

#: The last taps of a supplement pick: send what is ticked, or send it with a note asked for first.
PICK_SEND, PICK_WITH_NOTE = "send", "note"


@dataclass(frozen=True)
class SupplementPick:
    """A clerk ticking, in a chat, what a supplement asks for: ``pick:<card>:<version>:<item>:<picked>:<tap>``.

    ``picked`` is a bit set (hex) over the scenario's fields, then its materials, carried in the buttons
    themselves, so nothing is kept between taps; ``tap`` is the index a button toggles, or a PICK_* verb.
    """

    card_id: int
    version: int
    item_id: int
    picked: int
    tap: str

    PREFIX: ClassVar[str] = "pick"

    def pack(self) -> str:
        return f"{self.PREFIX}:{self.card_id}:{self.version}:{self.item_id}:{self.picked:x}:{self.tap}"

    @classmethod
    def unpack(cls, data: str) -> SupplementPick | None:
        parts = data.split(":")
        if len(parts) != 6 or parts[0] != cls.PREFIX:
            return None
        try:
            return cls(int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4], 16), parts[5])
        except ValueError:
            return None

    @property
    def press(self) -> CardPress:
        return CardPress(self.card_id, self.version, StaffAction.SUPPLEMENT, self.item_id)

    def toggled(self) -> SupplementPick:
        index = int(self.tap) if self.tap.isdigit() and int(self.tap) < 256 else None
        picked = self.picked ^ (1 << index) if index is not None else self.picked
        return SupplementPick(self.card_id, self.version, self.item_id, picked, "")

    def asked(self, scenario: Scenario) -> dict[str, list[str]]:
        """What the ticks ask for again, as ``Decisions.decide`` takes it."""
        asked: dict[str, list[str]] = {"fields": [], "materials": []}
        for index, (kind, key, _) in enumerate(_pickable(scenario)):
            if self.picked >> index & 1:
                asked[kind].append(key)
        return asked


def _pickable(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(kind, key, label) of everything a supplement may name, in a fixed order: the bit positions."""
    lang = STAFF_LOCALE
    return [("fields", q.key, q.label.get(lang)) for q in scenario.fields] + [
        ("materials", m.key, m.name.get(lang)) for m in scenario.materials
    ]


def pick_reply(scenario: Scenario, answered: set[str], pick: SupplementPick, t: Translate) -> Reply:
    """The ticking message: one button per answer given and per document, then send (with or without a note)."""
    buttons = []
    for index, (kind, key, label) in enumerate(_pickable(scenario)):
        if kind == "fields" and key not in answered:
            continue
        mark = "☑" if pick.picked >> index & 1 else "☐"
        tap = SupplementPick(pick.card_id, pick.version, pick.item_id, pick.picked, str(index))
        buttons.append(Button(f"{mark} {label}", tap.pack()))
    for verb in (PICK_SEND, PICK_WITH_NOTE):
        done = SupplementPick(pick.card_id, pick.version, pick.item_id, pick.picked, verb)
        buttons.append(Button(t(STAFF_LOCALE, f"card.pick.{verb}"), done.pack()))
    return Reply(t(STAFF_LOCALE, "card.pick.title"), tuple(buttons))
