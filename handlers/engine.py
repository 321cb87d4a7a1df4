"""The dialog engine: one event in, replies and effects out, for any channel.

The engine changes the conversation it is given and reads through the context's
repository; it writes nothing itself. The caller saves the conversation and carries
out the effects in one transaction, then delivers the replies. The dialog itself
lives in handlers/dialog/: a router and one handler module per concern.
"""

from __future__ import annotations

from handlers.buttons import GlobalAction, anywhere
from handlers.catalog import Catalog
from handlers.catalog.schema import Material
from handlers.context import EngineContext
from handlers.conversation import Conversation
from handlers.dialog import disclosure, linking, live, messages, reviewing, router
from handlers.dialog.turn import Turn
from handlers.effects import Linked, LiveAsked, MessageLeft, RequestActed, RequestFiled, Speak
from handlers.events import InboundEvent, Reply, StepResult
from handlers.steps import StepKind


async def step(conv: Conversation, event: InboundEvent, ctx: EngineContext) -> StepResult:
    turn = Turn(conv, ctx)
    await router.handle(turn, event)
    return _spoken(turn)


async def filed(conv: Conversation, number: str, ctx: EngineContext, link_code: str = "") -> StepResult:
    """After the save of a step that submitted: the receipt for the number the save allocated.

    For 帮办代办 the save also issued the one-time code the clerk hands to the resident.
    """
    turn = Turn(conv, ctx)
    await reviewing.filed(turn, number, link_code)
    return _spoken(turn)


async def linked(conv: Conversation, outcome: Linked, ctx: EngineContext) -> StepResult:
    """After the save of a step that gave a link code: what became of it."""
    turn = Turn(conv, ctx)
    await linking.linked(turn, outcome)
    return _spoken(turn)


async def live_answered(conv: Conversation, asked: LiveAsked, ctx: EngineContext) -> StepResult:
    """After the save of a step that asked for a person: a place in the queue, or why not."""
    turn = Turn(conv, ctx)
    await live.answered(turn, asked)
    return _spoken(turn)


async def message_left(conv: Conversation, left: MessageLeft, ctx: EngineContext) -> StepResult:
    """After the save of a step that left a 留言 instead of a person: its number and due date."""
    turn = Turn(conv, ctx)
    await live.message_left(turn, left)
    return _spoken(turn)


async def request_filed(conv: Conversation, filed: RequestFiled, ctx: EngineContext) -> StepResult:
    """After the save of a step that filed a request (留言, 依申请公开): its number, department and due date."""
    turn = Turn(conv, ctx)
    if filed.kind == disclosure.KIND:
        await disclosure.filed(turn, filed)
    else:
        await messages.filed(turn, filed)
    return _spoken(turn)


async def request_acted(conv: Conversation, acted: RequestActed, ctx: EngineContext) -> StepResult:
    """After the save of a step that rated or confirmed a request: thanks, the next question, or why not."""
    turn = Turn(conv, ctx)
    await messages.acted(turn, acted)
    return _spoken(turn)


def expects_file(conv: Conversation) -> bool:
    """Whether a file sent now could be taken: a document step, or an album still arriving."""
    return conv.album is not None or conv.at.kind == StepKind.MATERIAL


def expected_material(conv: Conversation, catalog: Catalog) -> Material | None:
    """The document a file sent now would be taken as: its kinds and size limit, for checks before sending."""
    scenario = catalog.get(conv.scenario or "")
    if scenario is None or conv.at.kind != StepKind.MATERIAL:
        return None
    return scenario.material(conv.at.key)


def document_step(conv: Conversation) -> str | None:
    """The document step the conversation is at, if any: what a file sent now is for."""
    return conv.step if conv.at.kind == StepKind.MATERIAL else None


def _spoken(turn: Turn) -> StepResult:
    """In elder mode every reply is also read aloud."""
    if turn.conv.elder and turn.result.replies:
        spoken = tuple(r.speech or r.text for r in turn.result.replies)
        turn.effect(Speak(spoken, turn.conv.locale))
    return turn.result


async def remind(conv: Conversation, ctx: EngineContext) -> list[Reply]:
    """The one gentle reminder for a conversation left unfinished."""
    scenario = ctx.catalog.get(conv.scenario or "")
    if scenario is None:
        return []
    lang = conv.locale
    text = ctx.t(lang, "remind.text", name=scenario.name.get(lang))
    return [Reply(text, (anywhere(ctx.t(lang, "remind.resume"), GlobalAction.RESUME),))]
