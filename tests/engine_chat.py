"""A resident's chat straight into engine.step, on the in-memory repository: no runtime, no database."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import assert_never

from memory_repo import MemoryRepository

from bot.files import FileStore
from handlers import engine
from handlers.catalog import Catalog
from handlers.context import EngineContext, Search
from handlers.conversation import Conversation
from handlers.effects import (
    ActOnRequest,
    AskForPerson,
    EndLive,
    FileRequest,
    LeaveMessage,
    LinkResident,
    LiveAsked,
    MessageLeft,
    RateItem,
    RateLive,
    RequestFiled,
    ResubmitCase,
    SayToPerson,
    Speak,
    SubmitCase,
)
from handlers.events import Button, InboundEvent, Reply, StepResult
from locales import translate

_users = itertools.count(1)


@dataclass
class EngineChat:
    """Sends events to the engine and keeps the replies, as scenario_walk.Chat does through the runtime."""

    catalog: Catalog
    search: Search
    files: FileStore
    now: Callable[[], dt.datetime]
    repo: MemoryRepository = field(default_factory=MemoryRepository)
    user_id: int = field(default_factory=lambda: next(_users))
    replies: list[Reply] = field(default_factory=list)
    effects: list[object] = field(default_factory=list)
    saved: str = "{}"

    @property
    def user(self) -> str:
        return f"memory-{self.user_id}"

    def context(self) -> EngineContext:
        return EngineContext(self.catalog, self.repo, translate, self.search, self.now, self.user_id)

    async def send(self, kind: str, text: str = "", **extra: object) -> list[Reply]:
        event = InboundEvent("test", self.user, kind, text=text, **extra)  # type: ignore[arg-type]
        conv = Conversation.from_json(json.loads(self.saved))
        result = await engine.step(conv, event, self.context())
        # Saved as JSON, as the runtime saves it, so state that would not survive a save shows up.
        self.saved = json.dumps(conv.to_json(), ensure_ascii=False)
        self.replies = list(result.replies)
        for done in self.carry_out(result):
            if isinstance(done, LiveAsked):
                answer = await engine.live_answered(conv, done, self.context())
            elif isinstance(done, MessageLeft):
                answer = await engine.message_left(conv, done, self.context())
            elif isinstance(done, RequestFiled):
                answer = await engine.request_filed(conv, done, self.context())
            else:
                answer = await engine.filed(conv, done, self.context())
            self.saved = json.dumps(conv.to_json(), ensure_ascii=False)
            self.carry_out(answer)
            self.replies += answer.replies
        return self.replies

    def carry_out(self, result: StepResult) -> list[str | LiveAsked | MessageLeft | RequestFiled]:
        """What the runtime's save does with the effects: the numbers of the cases it filed, a person asked
        for, the requests filed."""
        filed: list[str | LiveAsked | MessageLeft | RequestFiled] = []
        for effect in result.effects:
            self.effects.append(effect)
            match effect:
                case SubmitCase():
                    filed.append(self.repo.file(self.user_id, effect, self.now()))
                case AskForPerson():
                    filed.append(self.repo.ask_person(self.user_id, effect))
                case SayToPerson():
                    self.repo.said_to_person.setdefault(self.user_id, []).append(effect.text)
                case EndLive():
                    self.repo.live.pop(self.user_id, None)
                case LeaveMessage():
                    filed.append(MessageLeft("LY20261126-0001", "2026-12-03"))
                case FileRequest():
                    filed.append(self.repo.file_request(self.user_id, effect, self.now()))
                case RateItem():
                    self.repo.rate(self.user_id, effect, self.now())
                # linking and acting on requests are tested through the runtime
                case ResubmitCase() | Speak() | LinkResident() | ActOnRequest() | RateLive():
                    pass
                case _:
                    assert_never(effect)
        return filed

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
        return self.now().date()

    async def state(self) -> Conversation:
        return Conversation.from_json(json.loads(self.saved))
