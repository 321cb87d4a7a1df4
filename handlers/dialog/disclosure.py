"""依申请公开 in the dialog: the resident's requests, the form, filing, and answering a 补正.

The form's questions are data (``disclosure_form``); the request is filed by the save
(``FileRequest`` of kind disclosure), which numbers it and counts its due date on the working-day
calendar. A 补正 is answered as for every request (``GlobalAction.REQUEST`` ``<number>:correction``).
"""

from __future__ import annotations

from handlers import disclosure
from handlers.answers import Problem
from handlers.buttons import DisclosurePick, GlobalAction, RequestPress
from handlers.dialog import disclosure_form as form
from handlers.dialog.moving import prompt, stale
from handlers.dialog.turn import Turn
from handlers.effects import FileRequest, RequestFiled
from handlers.events import Button, Reply
from handlers.request_lifecycle import RequestKind, RequestStatus, RequestVerb
from handlers.steps import StepKind

KIND = RequestKind.DISCLOSURE
#: What a resident types to ask for the errand (outside another errand).
WORDS = ("依申请公开", "政府信息公开", "信息公开申请", "申请公开", "disclosure request", "government information")


def asked_for(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in WORDS)


async def start(turn: Turn, argument: str = "") -> None:
    """The resident's requests so far and the intro; "go" starts the form."""
    if turn.scenario is not None:  # an errand under way is not thrown away by a tap
        turn.say("menu.paused", name=turn.scenario.name.get(turn.lang))
        await prompt(turn)
        return
    if argument == "go":
        turn.conv.leave()
        turn.conv.privacy = {"consented_at": turn.ctx.now().isoformat(), "scenario": KIND}
        turn.conv.step = form.step(form.next_key({}))
        await prompt(turn)
        return
    await _mine(turn)
    go = turn.button("disclosure.start", GlobalAction.DISCLOSURE, "go")
    back = turn.button("button.menu", GlobalAction.MENU)
    turn.say("disclosure.intro", go, back, days=disclosure.ANSWER_DAYS, ask_days=disclosure.CORRECTION_ASK_DAYS,
             retention=turn.ctx.retention_days)  # fmt: skip


async def _mine(turn: Turn) -> None:
    mine = [r for r in await turn.ctx.repo.requests_of(turn.ctx.user_id) if r.kind == KIND]
    if not mine:
        return
    lines, buttons = [turn.t("disclosure.mine")], list[Button]()
    for request in mine[:10]:
        department = turn.ctx.catalog.department_name(request.department, turn.lang)
        due = request.due.isoformat() if request.due else "-"
        status = turn.t(f"disclosure.status.{request.status}")
        lines.append(
            turn.t("disclosure.mine_line", number=request.number, department=department, status=status, due=due)
        )
        if request.status == RequestStatus.WAITING_APPLICANT:
            fix = RequestPress(request.number, RequestVerb.CORRECTION).pack()
            buttons.append(turn.button("disclosure.correct", GlobalAction.REQUEST, fix, number=request.number))
    turn.send(Reply("\n".join(lines), tuple(buttons)))


async def typed(turn: Turn, text: str) -> None:
    at = turn.conv.at
    if form.ask_of(at.key) is None:  # the review: only its buttons go on
        turn.say("text.use_buttons")
        await prompt(turn)
        return
    value = form.read(turn, at.key, text, turn.ctx.now().date())
    await _answer(turn, at.key, value)


async def pick(turn: Turn, argument: str) -> None:
    picked = DisclosurePick.unpack(argument)
    ask = form.ask_of(picked.question) if picked else None
    if picked is None or ask is None or turn.conv.at.kind != StepKind.DISCLOSURE or turn.conv.at.key != picked.question:
        await stale(turn, GlobalAction.DISCLOSURE_PICK)
        return
    value = picked.value if picked.value in form.options(turn, ask) else Problem("invalid.choice", {"count": 0})
    await _answer(turn, picked.question, value)


async def skip(turn: Turn, key: str) -> None:
    ask = form.ask_of(key)
    if turn.conv.at.key != key or ask is None or not ask.optional:
        await stale(turn, GlobalAction.DISCLOSURE_SKIP)
        return
    await _answer(turn, key, "")


async def _answer(turn: Turn, key: str, value: str | Problem) -> None:
    if isinstance(value, Problem):
        turn.say(value.key, **value.params)
    else:
        answers = {**turn.conv.answers, key: value}
        if key == "form":  # a delivery chosen for the other form no longer fits
            answers.pop("delivery", None)
        turn.conv.answers = answers
        turn.conv.step = form.step(form.next_key(answers))
    await prompt(turn)


async def submit(turn: Turn, argument: str) -> None:
    conv = turn.conv
    if conv.at.kind != StepKind.DISCLOSURE or conv.at.key != form.REVIEW:
        await stale(turn, GlobalAction.DISCLOSURE_SUBMIT)
        return
    if argument == "again":
        conv.answers = {}
        conv.step = form.step(form.next_key({}))
        await prompt(turn)
        return
    department = str(conv.answers.get("department", ""))
    payload = {k: v for k, v in conv.answers.items() if k not in ("department", "description")}
    today = turn.ctx.now().date()  # the bot confirms an online request with its number at once (第三十一条)
    payload["received"] = disclosure.received_on(disclosure.Channel.ONLINE, today, confirmed=today).isoformat()
    text, applicant = str(conv.answers.get("description", "")), str(conv.answers.get("applicant_type", ""))
    office = "" if department == form.UNKNOWN else department
    turn.effect(FileRequest(KIND, text, applicant, office, locale=conv.locale, payload=payload))


async def filed(turn: Turn, done: RequestFiled) -> None:
    department = turn.ctx.catalog.department_name(done.department, turn.lang)
    received = turn.ctx.now().date().isoformat()
    turn.say("disclosure.filed", number=done.number, department=department, received=received,
             due=done.due.isoformat() if done.due else "-",
             provisional=turn.t("disclosure.provisional") if done.provisional else "")  # fmt: skip
    turn.conv.leave()
    await prompt(turn)
