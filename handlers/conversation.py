"""The saved state of one person's conversation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from typing import Any

import orjson

from handlers.steps import StepKind, StepRef

MENU = StepKind.MENU.value


@dataclass
class Conversation:
    """Where a person stands: a named step, never an index, so saved states survive edits.

    ``step`` is one of ``menu``, ``notice``, ``items``, ``field:<key>``,
    ``material:<key>``, ``review``, ``change``, ``proxy_phone`` or ``proxy_consent``.
    """

    locale: str = "zh_CN"
    scenario: str | None = None
    step: str = MENU
    answers: dict[str, Any] = field(default_factory=dict)
    #: material key -> files given; an empty list means "I will bring it later".
    materials: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    selected_items: list[str] | None = None
    draft_id: str = ""
    #: material key -> sides or pages received so far of a document given in parts (handlers/parts.py).
    partial: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The album being received: {"group": id, "material": key}.
    album: dict[str, str] | None = None
    editing: bool = False
    #: Set while answering a supplement request: {"number": case, "fields": [...], "materials": [...]}.
    supplement: dict[str, Any] | None = None
    #: The last case filed from this conversation, kept across scenarios so a
    #: second tap on an old "submit" button can be answered with its number.
    last_case: str | None = None
    #: Elder mode: every reply also read aloud, choices answered by their number alone.
    elder: bool = False
    #: Whether the first-contact question "需要语音朗读吗？" was asked.
    asked_elder: bool = False
    #: 帮办代办: a staff member filing for a resident: {"phone", "staff", "consented_at"}.
    proxy: dict[str, str] | None = None
    #: The option asked back with "您是说「…」吗？", as "<step>=<option number>", so a typed 是 takes it.
    asked_back: str | None = None
    #: The privacy notice agreed to for this errand: {"consented_at", "scenario"}; asked again for the next.
    privacy: dict[str, str] | None = None
    #: 容缺受理: material key -> the date (ISO) the applicant promised to hand it in by, signed in the dialog.
    promises: dict[str, str] = field(default_factory=dict)
    #: 人工客服: a person was asked for; while their handover is open, the bot stays quiet.
    live: bool = False
    #: Messages in a row the bot did not understand; at two it offers a person or a 留言.
    misunderstood: int = 0
    #: What the resident typed lately (masked), handed to the person who takes over or to a 留言.
    said: list[str] = field(default_factory=list)
    #: 好差评 being given: {"number", "item", "stage": level|reasons|comment, "level", "reasons": [...]}.
    rating: dict[str, Any] | None = None
    #: 留言 being written: {"subkind", "text", "department", "suggested", "publish"}; or {"number"} for a 补正.
    message: dict[str, Any] | None = None

    @property
    def at(self) -> StepRef:
        """The current step as a value; ``step`` stays a string so the saved form never changes."""
        return StepRef.parse(self.step)

    def start(self, scenario_id: str) -> None:
        proxy = self.proxy  # a staff member filing for someone keeps doing so into the scenario
        self.leave()
        self.scenario, self.step, self.draft_id = scenario_id, "notice", uuid.uuid4().hex
        self.proxy = proxy

    def leave(self) -> None:
        kept = ("locale", "last_case", "elder", "asked_elder", "live", "said")
        self.__init__(**{name: getattr(self, name) for name in kept})  # type: ignore[misc]

    def to_text(self) -> str:
        """The conversation as saved, JSON of every field: orjson writes the dataclass itself, with no copy
        made first (it is written on every step)."""
        return orjson.dumps(self, option=orjson.OPT_NON_STR_KEYS).decode()

    def to_json(self) -> dict[str, Any]:
        """The saved form as data, what `from_json` reads back (for tests and tools; a save writes `to_text`)."""
        return dict(orjson.loads(self.to_text()))

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Conversation:
        if not data:
            return cls()
        if data.keys() == _FIELD_SET:  # saved by this version, every field in it: no defaults to fill in
            conv = cls.__new__(cls)
            conv.__dict__.update(data)
            return conv
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_FIELD_SET = frozenset(f.name for f in fields(Conversation))
