"""Sends each event to its handler: commands, buttons (anywhere or of this step), typed text, files.

The tables below are the whole dialog at a glance; each handler lives in the module of its concern.
"""

from __future__ import annotations

from enum import StrEnum

from handlers import intents
from handlers.buttons import ANYWHERE, ButtonData, GlobalAction, StepAction, step_token
from handlers.dialog import (
    answering,
    disclosure,
    elder,
    files,
    linking,
    live,
    menu,
    messages,
    moving,
    mydata,
    privacy,
    proxy,
    questions,
    rating,
    reviewing,
    supplements,
    visits,
)
from handlers.dialog import cases as case_view
from handlers.dialog.turn import Handler, Turn
from handlers.events import InboundEvent
from handlers.steps import StepKind


class Command(StrEnum):
    """Slash commands, in the order the unknown-command reply lists them."""

    START = "start"
    MENU = "menu"
    BACK = "back"
    CANCEL = "cancel"
    STATUS = "status"
    HELP = "help"
    LANG = "lang"
    ELDER = "elder"
    PROXY = "proxy"
    LINK = "link"
    MYDATA = "mydata"
    MESSAGE = "message"


COMMANDS: dict[str, Handler] = {
    Command.START: menu.to_menu,
    Command.MENU: menu.to_menu,
    Command.BACK: moving.back,
    Command.CANCEL: menu.ask_cancel,
    Command.STATUS: menu.status_then_resume,
    Command.HELP: menu.help_then_resume,
    Command.LANG: menu.language,
    Command.ELDER: elder.toggle,
    Command.PROXY: proxy.start,
    Command.LINK: linking.start,
    Command.MYDATA: mydata.held,
    Command.MESSAGE: messages.start,
}

GLOBAL_ACTIONS: dict[str, Handler] = {
    GlobalAction.MENU: menu.to_menu,
    GlobalAction.ALL: menu.all_scenarios,
    GlobalAction.STATUS: menu.status_then_resume,
    GlobalAction.SCENARIO: menu.choose,
    GlobalAction.POLICY: questions.show_policy,
    GlobalAction.SWITCH: menu.switch,
    GlobalAction.RESUME: menu.resume,
    GlobalAction.CANCEL: menu.ask_cancel,
    GlobalAction.CANCEL_YES: menu.cancel,
    GlobalAction.LANG: menu.language,
    GlobalAction.SUPPLEMENT: supplements.start,
    GlobalAction.ELDER: elder.switch,
    GlobalAction.CONSENT: proxy.consent,
    GlobalAction.LINK: linking.start,
    GlobalAction.CASE: case_view.show,
    GlobalAction.HAND_IN: supplements.hand_in,
    GlobalAction.RECEIPT: case_view.receipt,
    GlobalAction.CONTACT: case_view.contact,
    GlobalAction.FORGET: mydata.forget,
    GlobalAction.MYDATA: mydata.held,
    GlobalAction.VISIT_CHANGE: visits.ask,
    GlobalAction.PERSON: live.ask,
    GlobalAction.PERSON_END: live.ended_already,
    GlobalAction.PERSON_RATE: live.rate,
    GlobalAction.LEAVE_MESSAGE: live.leave_message,
    GlobalAction.DISCLOSURE: disclosure.start,
    GlobalAction.DISCLOSURE_PICK: disclosure.pick,
    GlobalAction.DISCLOSURE_SKIP: disclosure.skip,
    GlobalAction.DISCLOSURE_SUBMIT: disclosure.submit,
    GlobalAction.RATE: rating.press,
    GlobalAction.MESSAGE: messages.button,
    GlobalAction.REQUEST: messages.request_button,
}

STEP_ACTIONS: dict[str, Handler] = {
    StepAction.START: moving.go_on,
    StepAction.TOGGLE: answering.toggle_item,
    StepAction.ITEMS_DONE: answering.items_done,
    StepAction.ANSWER: answering.answer_by_button,
    StepAction.SKIP: answering.skip,
    StepAction.LATER: answering.later,
    StepAction.REUSE: answering.reuse,
    StepAction.SUBMIT: reviewing.submit,
    StepAction.CHANGE: reviewing.change,
    StepAction.EDIT: reviewing.edit,
    StepAction.REVIEW: moving.go_on,
    StepAction.MORE_PAGES: files.more_pages,
    StepAction.PAGES_DONE: files.finish,
    StepAction.REASK: answering.reask,
    StepAction.PRIVACY: mydata.decide,
    StepAction.SAME: answering.same_as_before,
    StepAction.PROMISE: answering.promise,
}

#: Steps that take whatever is typed as their answer: a phone number, a link code, a wished time, a form's field.
TYPED_AT_STEP: dict[str, Handler] = {
    StepKind.PROXY_PHONE: proxy.phone,
    StepKind.LINK_CODE: linking.code,
    StepKind.VISIT_WISH: visits.wish,
    StepKind.DISCLOSURE: disclosure.typed,
}

#: Step buttons that give nothing personal, so they work before the privacy notice is answered.
NOT_PERSONAL = {StepAction.START, StepAction.TOGGLE, StepAction.ITEMS_DONE, StepAction.PRIVACY}


async def handle(turn: Turn, event: InboundEvent) -> None:
    if await live.serving(turn, event):  # a person serves this resident: the bot stays quiet
        return
    live.heard(turn, event)
    await _handle(turn, event)
    live.count_misunderstanding(turn, turn.missed)


async def _handle(turn: Turn, event: InboundEvent) -> None:
    if turn.conv.scenario and turn.scenario is None:
        turn.conv.leave()  # the scenario was removed from the catalog since
        turn.say("scenario.gone")
    text = event.text.strip()
    if turn.conv.rating and not _about_rating(event, text):
        turn.conv.rating = None  # a rating left half-given: what is typed next is not its comment
    match event.kind:
        case "command":
            await command(turn, text)
        case "text" if text.startswith("/"):
            await command(turn, text)
        case "button":
            await button(turn, text)
        case "file" if turn.conv.at.kind == StepKind.MESSAGE:
            await messages.photo(turn, event)
        case "file" if privacy.pending(turn):
            await _privacy_first(turn)
        case "file":
            await files.receive(turn, event)
        case "voice":
            turn.say("voice.unsupported")
            await moving.prompt(turn)
        case "too_long":
            turn.say("text.too_long")
            await moving.prompt(turn)
        case _:
            await typed(turn, text)


def _about_rating(event: InboundEvent, text: str) -> bool:
    if event.kind == "button":
        return ButtonData.unpack(text).action == GlobalAction.RATE
    return event.kind == "text" and not text.startswith("/")


async def command(turn: Turn, text: str) -> None:
    words = text.lstrip("/").split(maxsplit=1)
    name = words[0].split("@")[0].lower() if words else ""  # "/start@our_bot" in Telegram groups
    argument = words[1].strip() if len(words) > 1 else ""
    handler = COMMANDS.get(name)
    if handler is None:
        turn.missed = True
        turn.say("command.unknown", commands=" ".join(f"/{c}" for c in Command))
        await moving.prompt(turn, resume=True)
        return
    await handler(turn, argument)


async def button(turn: Turn, data: str) -> None:
    tapped = ButtonData.unpack(data)
    if tapped.token == ANYWHERE:
        handler = GLOBAL_ACTIONS.get(tapped.action)
    elif tapped.token == step_token(turn.conv) and turn.conv.scenario:
        handler = STEP_ACTIONS.get(tapped.action)
        if handler and tapped.action not in NOT_PERSONAL and privacy.pending(turn):
            handler = _privacy_first
    else:
        handler = None
    if handler is None:
        await moving.stale(turn, tapped.action)
        return
    await handler(turn, tapped.argument)


async def typed(turn: Turn, text: str) -> None:
    if await _rating_or_elder_number(turn, text):
        return
    taker = TYPED_AT_STEP.get(turn.conv.at.kind)
    if taker is not None:
        await taker(turn, text)
    else:
        await _typed_freely(turn, text)


async def _rating_or_elder_number(turn: Turn, text: str) -> bool:
    """A rating under way, or a number an elder types for a button, takes the text before any step."""
    conv = turn.conv
    if conv.rating and await rating.by_number(turn, text):
        return True
    if rating.waiting_for_comment(turn):
        await rating.comment(turn, text)
        return True
    if intents.wants_rating(text):
        await rating.start(turn)
        return True
    if conv.elder and text.isdigit() and (data := await elder.button_for_number(turn, text)):
        await button(turn, data)
        return True
    return False


async def _typed_freely(turn: Turn, text: str) -> None:
    """Text at a step that does not take it whole: a request, a question, a search, or the step's answer."""
    conv = turn.conv
    kind = conv.at.kind  # where the person is: no branch below is tried after one has acted
    topic = intents.outside(text)  # what no errand here does (a complaint, a person, another authority's)
    if not conv.scenario and disclosure.asked_for(text):
        await disclosure.start(turn)
    elif kind == StepKind.MESSAGE:
        await messages.typed(turn, text)
    elif (topic == "human" or intents.names_person(text)) and not answering.fits(turn, text):
        await live.ask(turn)
    elif not conv.scenario and (wanted := intents.message(text)) is not None:
        await (messages.mine(turn) if wanted == intents.MINE else messages.start(turn, wanted))
    elif topic and not answering.fits(turn, text):
        await questions.outside(turn, topic)
    elif not conv.scenario:
        await questions.search(turn, text)
    elif intent := intents.detect(text):
        await questions.interruption(turn, intent)
    elif privacy.pending(turn):
        await _privacy_first(turn)
    else:
        await _typed_at_step(turn, text)


async def _privacy_first(turn: Turn, _: str = "") -> None:
    """Nothing personal is taken before the privacy notice is answered: it is shown again."""
    turn.say("privacy.first")
    await moving.prompt(turn)


async def _typed_at_step(turn: Turn, text: str) -> None:
    at = turn.conv.at
    if at.kind == StepKind.FIELD:
        await answering.answer(turn, at.key, text)
    elif intents.is_question(text) and await questions.answer_question(turn, text):
        return
    elif at.kind == StepKind.MATERIAL:
        turn.say("material.waiting_file")
        await moving.prompt(turn)
    else:
        turn.missed = True
        turn.say("text.use_buttons")
        await moving.prompt(turn)
