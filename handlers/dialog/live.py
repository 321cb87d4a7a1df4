"""人工客服: asking for a person, staying quiet while one serves, ending it, and rating it.

The engine only asks (an effect); the save finds out whether the department is on duty and
how many wait, and ``answered`` tells the resident. Whether a handover is still open is read
from the repository: staff hand back and the queue times out outside the dialog.
"""

from __future__ import annotations

from handlers import intents
from handlers.buttons import LIVE_LEVELS, ButtonData, GlobalAction, LiveRate
from handlers.context import LiveView
from handlers.dialog.turn import Turn
from handlers.effects import (
    AskForPerson,
    EndLive,
    LeaveMessage,
    LiveAsked,
    LiveOutcome,
    MessageLeft,
    RateLive,
    SayToPerson,
)
from handlers.events import Button, InboundEvent
from handlers.identity import mask_personal

#: Typed messages kept for the person who takes over.
KEPT_SAID = 10
#: Misunderstood messages in a row after which a person is offered.
OFFER_AFTER = 2


async def ask(turn: Turn, _: str = "") -> None:
    """转人工: asked in words or by the button offered after two misunderstandings."""
    conv = turn.conv
    scenario = turn.scenario
    department = scenario.lead_departments[0] if scenario else ""  # "": the service's routing department
    turn.effect(AskForPerson(department, turn.lang, tuple(conv.said), conv.scenario or ""))
    conv.live, conv.misunderstood = True, 0


async def answered(turn: Turn, asked: LiveAsked) -> None:
    """The outcome of asking for a person: a place in the queue, or a 留言 outside service hours."""
    match asked.outcome:
        case LiveOutcome.QUEUED:
            turn.say("live.resident.queued", end_button(turn), ahead=asked.ahead)
        case LiveOutcome.ALREADY:
            turn.say("live.resident.already", end_button(turn))
        case LiveOutcome.CLOSED:
            turn.conv.live = False
            turn.say(
                "live.resident.closed",
                turn.button("live.resident.leave_message", GlobalAction.LEAVE_MESSAGE, str(asked.chat_id)),
                turn.button("button.menu", GlobalAction.MENU),
                hours=asked.hours,
            )


async def serving(turn: Turn, event: InboundEvent) -> bool:
    """While a handover is open, the event is the person's, not the bot's; False when none is open."""
    if not turn.conv.live:
        return False
    chat = await turn.ctx.repo.live_chat(turn.ctx.user_id)
    if chat is None:  # handed back, ended or timed out since: the bot answers again
        turn.conv.live = False
        return False
    text = event.text.strip()
    if (event.kind == "text" and intents.ends_person(text)) or _tapped(event, GlobalAction.PERSON_END):
        end(turn, chat)
    elif event.kind == "text" and text and not text.startswith("/"):
        turn.effect(SayToPerson(mask_personal(text)))
    else:
        turn.say("live.resident.text_only", end_button(turn))
    return True


def end(turn: Turn, chat: LiveView) -> None:
    turn.effect(EndLive())
    turn.conv.live = False
    turn.say("live.resident.ended", *rating_buttons(turn, chat.chat_id))


async def ended_already(turn: Turn, _: str = "") -> None:
    """结束人工 tapped once the handover was over: the bot is already back."""
    turn.say("live.resident.not_live")


async def rate(turn: Turn, argument: str) -> None:
    press = LiveRate.unpack(argument)
    if press is None:
        turn.say("live.resident.not_live")
        return
    turn.effect(RateLive(press.chat_id, press.level))
    turn.say("live.resident.thanks")


def rating_buttons(turn: Turn, chat_id: int) -> list[Button]:
    rates = (LiveRate(chat_id, level) for level in LIVE_LEVELS)
    return [turn.button(f"live.rating.{rate.level}", GlobalAction.PERSON_RATE, rate.pack()) for rate in rates]


def end_button(turn: Turn) -> Button:
    return turn.button("live.resident.end", GlobalAction.PERSON_END)


def heard(turn: Turn, event: InboundEvent) -> None:
    """Keeps what the resident typed (masked), for a person who may take over."""
    text = event.text.strip()
    if event.kind == "text" and text and not text.startswith("/"):
        turn.conv.said = [*turn.conv.said, mask_personal(text)[:500]][-KEPT_SAID:]


def count_misunderstanding(turn: Turn, missed: bool) -> None:
    """Two misunderstood messages in a row: a person is offered, or a 留言."""
    conv = turn.conv
    conv.misunderstood = conv.misunderstood + 1 if missed else 0
    if conv.misunderstood >= OFFER_AFTER and not conv.live:
        person = turn.button("live.resident.ask", GlobalAction.PERSON)
        turn.say("live.resident.offer", person, turn.button("requests.message.menu", GlobalAction.MESSAGE))


def _tapped(event: InboundEvent, action: GlobalAction) -> bool:
    return event.kind == "button" and ButtonData.unpack(event.text.strip()).action == action


async def leave_message(turn: Turn, chat: str = "") -> None:
    """留言 instead of a person, with everything already said attached; the save files it (casework.requests)."""
    turn.effect(LeaveMessage(int(chat) if chat.isdigit() else 0, tuple(turn.conv.said), turn.lang))


async def message_left(turn: Turn, left: MessageLeft) -> None:
    turn.say(
        "live.resident.message_left", turn.button("button.menu", GlobalAction.MENU), number=left.number, due=left.due
    )
