"""留言: a complaint, suggestion, question or request for help, left for a department and answered on a clock.

Kind, text, the department (suggested from the text by the search), whether the reply may be
published; confirmed, then filed by the save (``FileRequest``) and answered with its number
(``filed``). "我的留言" lists them; the resident rates an answer and says whether it resolved it.
"""

from __future__ import annotations

from typing import Any

from handlers import prompts
from handlers.buttons import GlobalAction, MessagePress, MessageVerb, RequestPress
from handlers.context import RequestSummary
from handlers.dialog import files
from handlers.dialog import message_steps as steps
from handlers.dialog.moving import prompt, stale
from handlers.dialog.turn import Turn
from handlers.effects import ActOnRequest, FileRequest, RequestActed, RequestFiled
from handlers.events import Button, InboundEvent, Reply
from handlers.request_lifecycle import YES, MessageKind, RequestKind, RequestStatus, RequestVerb
from handlers.requests import due_text, kind_name, rating_buttons, resolved_buttons
from handlers.steps import StepKind, StepRef


def _go(turn: Turn, step: str) -> None:
    turn.conv.step = str(StepRef(StepKind.MESSAGE, step))
    turn.send(steps.reply_for(turn))


async def start(turn: Turn, subkind: str = "") -> None:
    """From "我要留言" / "我要投诉" …, the menu's button, or an offer after the bot could not help."""
    if turn.scenario:  # the errand's answers live in this conversation: leaving would lose them
        turn.say("requests.message.finish_first", name=turn.scenario.name.get(turn.lang))
        await prompt(turn, resume=True)
        return
    turn.conv.message, turn.conv.misunderstood = {}, 0
    if subkind in set(MessageKind):
        turn.conv.message = {"subkind": subkind}
        _go(turn, steps.TEXT)
        return
    _go(turn, steps.KIND)


async def button(turn: Turn, argument: str) -> None:
    """Every button of writing a message (a ``MessagePress``): kind, department, publishing, submit, rewrite, cancel."""
    press = MessagePress.unpack(argument)
    if press is not None and press.verb in (MessageVerb.START, MessageVerb.MINE):
        await (start(turn) if press.verb == MessageVerb.START else mine(turn))
        return
    message = turn.conv.message
    if press is not None and press.verb == MessageVerb.CANCEL:
        _end(turn)
        turn.say("requests.message.cancelled")
        turn.send(prompts.menu(turn.conv, turn.ctx))
        return
    if press is None or message is None or turn.conv.at.kind != StepKind.MESSAGE:
        await stale(turn, GlobalAction.MESSAGE)
        return
    at, value = turn.conv.at.key, press.value
    match press.verb:
        case MessageVerb.KIND if at == steps.KIND:
            message["subkind"] = value
            _go(turn, steps.TEXT)
        case MessageVerb.DEPARTMENT if at == steps.DEPARTMENT:
            message["department"] = value if value in turn.ctx.catalog.departments else ""
            _go(turn, steps.PUBLISH)
        case MessageVerb.PUBLISH if at == steps.PUBLISH:
            message["publish"] = value == YES
            _go(turn, steps.CONFIRM)
        case MessageVerb.REWRITE if at == steps.CONFIRM:
            _go(turn, steps.TEXT)
        case MessageVerb.SUBMIT if at == steps.CONFIRM:
            _submit(turn, message)
        case _:
            await stale(turn, GlobalAction.MESSAGE)


async def typed(turn: Turn, text: str) -> None:
    """Text at a message step: the message itself, or a 补正; elsewhere the buttons are asked for."""
    message, step = turn.conv.message or {}, turn.conv.at.key
    if step == steps.CORRECTION and text.strip():
        turn.effect(ActOnRequest(str(message.get("number", "")), RequestVerb.CORRECTION, text.strip()))
        _end(turn)
        return
    if step != steps.TEXT:
        turn.say("text.use_buttons")
        turn.send(steps.reply_for(turn))
        return
    if len(text.strip()) < steps.MIN_TEXT:
        turn.say("requests.message.too_short", min=steps.MIN_TEXT)
        turn.send(steps.reply_for(turn))
        return
    message["text"] = text.strip()
    suggested = _suggested_department(turn, text)
    if suggested:
        message["suggested"] = suggested
        _go(turn, steps.DEPARTMENT)
    else:  # nothing to suggest: the routing department passes it on
        message["department"] = ""
        _go(turn, steps.PUBLISH)
    turn.conv.message = message


async def photo(turn: Turn, event: InboundEvent) -> None:
    """Photos for the message (up to ``MAX_PHOTOS``), checked and kept as documents' are; any step but the kind."""
    message = turn.conv.message if turn.conv.at.key not in (steps.KIND, steps.CORRECTION) else None
    if message is None:
        turn.say("file.unexpected")
        turn.send(steps.reply_for(turn))
        return
    kept = list(message.get("photos", []))
    if files.problem(turn, event.files, ("image",), steps.PHOTO_MB):
        turn.send(steps.reply_for(turn))
        return
    if len(kept) + len(event.files) > steps.MAX_PHOTOS:
        turn.say("requests.message.too_many_photos", most=steps.MAX_PHOTOS)
    else:
        message["photos"] = [*kept, *files.described(event.files)]
        turn.conv.message = message
        turn.say("requests.message.photo_received", count=len(message["photos"]), most=steps.MAX_PHOTOS)
    # The question again, last: where options are numbers (WeChat, elder mode) only the last message's count
    turn.send(steps.reply_for(turn))


def _suggested_department(turn: Turn, text: str) -> str | None:
    """The department leading the errand the text is most about, if the search finds one."""
    found = turn.ctx.find(text, turn.lang)
    for hit in found.scenarios[:1]:
        scenario = turn.ctx.catalog.get(hit.id)
        if scenario is not None:
            return scenario.lead_departments[0]
    return None


def _submit(turn: Turn, message: dict[str, Any]) -> None:
    turn.effect(
        FileRequest(
            kind=RequestKind.MESSAGE,
            text=str(message.get("text", "")),
            subkind=str(message.get("subkind", "")),
            department=str(message.get("department") or ""),
            publishable=bool(message.get("publish")),
            locale=turn.lang,
            payload={"photos": list(message.get("photos", []))} if message.get("photos") else {},
        )
    )
    _end(turn)


def _end(turn: Turn) -> None:
    turn.conv.message = None
    turn.conv.step = StepKind.MENU.value


async def filed(turn: Turn, done: RequestFiled) -> None:
    """After the save: the number, the department and the date it will be answered by."""
    department = turn.ctx.catalog.department_name(done.department, turn.lang)
    turn.say(
        "requests.message.filed",
        turn.button("requests.message.mine_button", GlobalAction.MESSAGE, MessagePress(MessageVerb.MINE).pack()),
        turn.button("button.menu", GlobalAction.MENU),
        what=kind_name(done.kind, done.subkind, turn.lang, turn.ctx.t),
        number=done.number,
        department=department,
        due=due_text(done.due, done.provisional, turn.lang, turn.ctx.t),
    )


# -- 我的留言, and acting on one -------------------------------------------------------
async def mine(turn: Turn, _: str = "") -> None:
    own = await turn.ctx.repo.requests_of(turn.ctx.user_id)
    if not own:
        turn.say("requests.message.mine_none", turn.button("requests.message.menu", GlobalAction.MESSAGE))
        return
    lines = [turn.t("requests.message.mine_title")]
    buttons: list[Button] = []
    for r in own[:10]:
        lines.append(_line(turn, r))
        buttons.append(
            turn.button(
                "requests.message.open",
                GlobalAction.REQUEST,
                RequestPress(r.number, RequestVerb.DETAIL).pack(),
                number=r.number,
            )
        )
    turn.send(Reply("\n".join(lines), tuple(buttons)))


def _line(turn: Turn, r: RequestSummary) -> str:
    return turn.t(
        "requests.message.mine_line",
        number=r.number,
        what=kind_name(r.kind, r.subkind, turn.lang, turn.ctx.t),
        status=turn.t(f"requests.status.{r.status}"),
        due=due_text(r.due, False, turn.lang, turn.ctx.t),
    )


async def request_button(turn: Turn, argument: str) -> None:
    """A button of one request (a ``RequestPress``): its detail, a rating, whether it resolved the matter, or a
    补正 (asks for its text)."""
    press = RequestPress.unpack(argument)
    if press is None:
        await stale(turn, GlobalAction.REQUEST)
        return
    match press.verb:
        case RequestVerb.RATE | RequestVerb.RESOLVED:
            turn.effect(ActOnRequest(press.number, press.verb, press.value))
        case RequestVerb.CORRECTION:
            turn.conv.message = {"number": press.number}
            _go(turn, steps.CORRECTION)
        case RequestVerb.DETAIL:
            await _detail(turn, press.number)


async def _detail(turn: Turn, number: str) -> None:
    found = next((r for r in await turn.ctx.repo.requests_of(turn.ctx.user_id) if r.number == number), None)
    if found is None:
        await stale(turn, GlobalAction.REQUEST)
        return
    lines = [_line(turn, found), turn.t("requests.message.your_text", text=found.text)]
    buttons: tuple[Button, ...] = ()
    if found.answer:
        lines.append(turn.t("requests.message.answer", answer=found.answer))
    if found.rating:
        lines.append(turn.t("requests.message.rated", rating=turn.t(f"requests.rating.{found.rating}")))
    elif found.status == RequestStatus.ANSWERED:
        lines.append(turn.t("requests.message.please_rate"))
        buttons = rating_buttons(number, turn.lang, turn.ctx.t)
    if found.status == RequestStatus.WAITING_APPLICANT:
        fix = RequestPress(number, RequestVerb.CORRECTION).pack()
        buttons = (turn.button("requests.message.correct", GlobalAction.REQUEST, fix),)
    turn.send(Reply("\n".join(lines), buttons))


async def acted(turn: Turn, done: RequestActed) -> None:
    """After the save: thanks for a rating (then: resolved?), for the answer to that, or for a 补正."""
    if done.refused:
        turn.say("requests.message.cannot", number=done.number)
    elif done.verb == RequestVerb.RATE:  # the next question's buttons stay the last ones shown
        turn.send(Reply(turn.t("requests.message.rate_thanks"), resolved_buttons(done.number, turn.lang, turn.ctx.t)))
        return
    elif done.verb == RequestVerb.RESOLVED:
        turn.say("requests.message.solved" if done.value == YES else "requests.message.unsolved", number=done.number)
    else:
        turn.say("requests.message.corrected", number=done.number)
    await prompt(turn, resume=bool(turn.conv.scenario))
