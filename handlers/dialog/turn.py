"""What every handler works on: one event's conversation, context and result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from handlers.buttons import GlobalAction, anywhere
from handlers.catalog.schema import Scenario
from handlers.context import EngineContext
from handlers.conversation import Conversation
from handlers.effects import Effect
from handlers.events import Button, Reply, StepResult


@dataclass
class Turn:
    """One event's work: the conversation it changes, what it may read, and what it answers."""

    conv: Conversation
    ctx: EngineContext
    result: StepResult = field(default_factory=StepResult)
    #: Set by a handler that did not understand the message (two in a row offer a person).
    missed: bool = False

    @property
    def scenario(self) -> Scenario | None:
        return self.ctx.catalog.get(self.conv.scenario or "")

    @property
    def lang(self) -> str:
        return self.conv.locale

    def t(self, key: str, **params: object) -> str:
        return self.ctx.t(self.conv.locale, key, **params)

    def say(self, key: str, *buttons: Button, **params: object) -> None:
        self.send(Reply(self.t(key, **params), buttons))

    def send(self, reply: Reply) -> None:
        self.result.replies.append(reply)

    def effect(self, effect: Effect) -> None:
        self.result.effects.append(effect)

    def button(self, key: str, action: GlobalAction, argument: str = "", **params: object) -> Button:
        """A button that works anywhere, labelled from the locale catalogue."""
        return anywhere(self.t(key, **params), action, argument)


#: A handler for one command or button action; the argument is what follows the action.
Handler = Callable[[Turn, str], Awaitable[None]]
