"""Walks a scenario through the real runtime the way a resident would, with valid answers."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from samples import JPEG, PDF

from bot.files import FileStore
from bot.runtime import Runtime
from handlers import plan
from handlers.catalog.schema import Question, Scenario
from handlers.conversation import Conversation
from handlers.events import Button, InboundEvent, Reply
from handlers.steps import StepKind
from models.user import user_for

#: The scenario most dialog tests walk: its first questions are a name, an ID number and a phone.
EV = "ev-charger-home"

VALID = {
    "text": "张三",
    "person_name": "张三",
    "address": "临港区滨海路8号阳光小区3号楼",
    "phone": "13800138000",
    "id_card": "371302198506120027",
    "uscc": "91371300MA3C1234XA",
}
_users = itertools.count(1)


@dataclass
class Chat:
    """One resident's chat: sends events, keeps the replies."""

    dialogs: Runtime
    files: FileStore
    user: str = field(default_factory=lambda: f"walker-{next(_users)}")
    channel: str = "test"
    replies: list[Reply] = field(default_factory=list)

    async def send(self, kind: str, text: str = "", **extra: object) -> list[Reply]:
        event = InboundEvent(self.channel, self.user, kind, text=text, **extra)  # type: ignore[arg-type]
        self.replies = await self.dialogs.handle(event)
        return self.replies

    async def say(self, text: str) -> list[Reply]:
        return await self.send("text", text)

    async def tap(self, action: str) -> list[Reply]:
        return await self.send("button", self.button(action).data)

    async def upload(self, name: str, data: bytes, group: str | None = None) -> list[Reply]:
        staged = await self.files.stage_bytes(name, data)
        return await self.send("file", files=(staged,), group_id=group)

    def button(self, action: str) -> Button:
        """The button of the latest replies whose action starts with action."""
        for reply in reversed(self.replies):
            for button in reply.buttons:
                if button.data.split("|", 1)[1].startswith(action):
                    return button
        raise AssertionError(f"no {action!r} button in {[r.text[:40] for r in self.replies]}")

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def today(self) -> dt.date:
        return self.dialogs.now().date()

    async def state(self):  # type: ignore[no-untyped-def]
        user = await user_for(self.channel, self.user)
        return (await self.dialogs.repo.load(user.id)).conversation


def answer_for(q: Question, today: dt.date, variant: int, retry: int = 0) -> str:
    """A valid answer; variant 1 takes the other branch of choices and yes/no questions.

    A choice or yes/no a cross-field rule refused is answered again with the next option (retry)."""
    if q.type == "choice":
        first = len(q.options) - 1 if variant else 0
        return str((first + (retry if variant == 0 else -retry)) % len(q.options) + 1)
    if q.type == "yesno":  # a yes a rule refused is answered no the next time, and the other way round
        return "否" if (variant + retry) % 2 else "是"
    if q.type == "number":
        low = q.min if q.min is not None else 0
        high = q.max if q.max is not None else low + 1000
        return str(int(high if variant else max(low, min(high, 10))))
    if q.type == "date":
        if q.when == "future":
            return (today + dt.timedelta(days=30)).isoformat()
        return "2020-05-06" if q.when == "past" else "2025-03-01"
    return VALID[q.type]


class Talker(Protocol):
    """A chat through the runtime (Chat) or straight into the engine (engine_chat.EngineChat)."""

    replies: list[Reply]

    async def send(self, kind: str, text: str = "", **extra: Any) -> list[Reply]: ...
    async def say(self, text: str) -> list[Reply]: ...
    async def tap(self, action: str) -> list[Reply]: ...
    async def upload(self, name: str, data: bytes, group: str | None = None) -> list[Reply]: ...
    async def state(self) -> Conversation: ...
    def today(self) -> dt.date: ...


async def at_id_question(chat: Talker) -> None:
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    # The questions deciding which documents apply come first: the space is owned, the property agrees.
    for answer in ["1", "是", "张三"]:
        await chat.say(answer)
    assert (await chat.state()).step == "field:applicant_id"


async def at_first_material(chat: Talker) -> None:
    await at_id_question(chat)
    for answer in ["371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]:
        await chat.say(answer)
    assert (await chat.state()).step == "material:id_card"


async def walk(
    chat: Talker,
    scenario: Scenario,
    variant: int = 0,
    stop_at: str = "",
    resume: bool = False,
    given: Mapping[str, str] | None = None,
) -> str:
    """Walk from the menu (or, resuming, from where the chat stands) to the receipt; returns the case
    number, or "" when nothing applies (the answers rule every item out, or a rule found the applicant
    ineligible) or at stop_at. ``given`` types these answers, by field key, the first time each is asked."""
    if not resume:
        await chat.send("command", "/start")
        await chat.send("button", f"*|sc:{scenario.id}")
    tries: dict[str, int] = {}
    for _ in range(200):
        conv = await chat.state()
        at = conv.at
        if conv.scenario is None:
            return conv.last_case or ""
        if conv.step == stop_at:
            return ""
        if at.kind not in (StepKind.NOTICE, StepKind.ITEMS) and not (conv.privacy or conv.proxy):
            await chat.tap("privacy:yes")  # the privacy notice, at the first personal question
        elif at.kind == StepKind.NOTICE:
            await chat.tap("start")
        elif at.kind == StepKind.ITEMS:
            await chat.tap("items_done")
        elif at.kind == StepKind.FIELD:
            tries[conv.step] = tries.get(conv.step, -1) + 1
            if given and at.key in given and tries[conv.step] == 0:
                await chat.say(given[at.key])
                continue
            await chat.say(answer_for(scenario.question(at.key), chat.today(), variant, tries[conv.step]))
        elif at.kind == StepKind.MATERIAL:
            material = scenario.material(at.key)
            if conv.partial.get(at.key) and material.sides != 2:
                await chat.tap("pages_done")  # one photographed page is enough for a walk
                continue
            data, name = (JPEG, "photo.jpg") if "image" in material.accept else (PDF, "doc.pdf")
            await chat.upload(name, data)
        elif at.kind == StepKind.REVIEW:
            if not plan.applicable_items(scenario, conv):
                return ""  # the answers show nothing needs applying for
            await chat.tap("submit")
        else:
            raise AssertionError(f"unexpected step {conv.step}")
    raise AssertionError("the walk did not finish")
