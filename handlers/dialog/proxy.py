"""帮办代办: a staff member files for a resident, who must have agreed to it."""

from __future__ import annotations

from handlers.answers import Problem, parse_answer
from handlers.buttons import GlobalAction
from handlers.catalog.schema import Question, Text
from handlers.dialog.moving import prompt, stale
from handlers.dialog.turn import Turn
from handlers.identity import mask_phone
from handlers.steps import StepKind

#: The resident's mobile, asked when staff file on their behalf; it links the resident to the case.
PROXY_PHONE = Question(key="proxy_phone", type="phone", label=Text(zh_CN="申请人手机号", en="Applicant's mobile"))


async def start(turn: Turn, _: str = "") -> None:
    staff = await turn.ctx.repo.staff_ref(turn.ctx.user_id)
    if staff is None:
        turn.say("proxy.not_staff")
        await prompt(turn)
        return
    turn.conv.leave()
    turn.conv.step = StepKind.PROXY_PHONE.value
    turn.say("proxy.phone")


async def phone(turn: Turn, text: str) -> None:
    value = parse_answer(PROXY_PHONE, text, turn.ctx.now().date())
    if isinstance(value, Problem):
        turn.say(value.key, **value.params)
        turn.say("proxy.phone")
        return
    turn.conv.step = StepKind.PROXY_CONSENT.value
    turn.conv.proxy = {"phone": str(value)}
    yes = turn.button("answer.yes", GlobalAction.CONSENT, "yes")
    no = turn.button("answer.no", GlobalAction.CONSENT, "no")
    turn.say("proxy.consent", yes, no, phone=mask_phone(str(value)))


async def consent(turn: Turn, answer: str) -> None:
    conv = turn.conv
    staff = await turn.ctx.repo.staff_ref(turn.ctx.user_id)
    if conv.at.kind != StepKind.PROXY_CONSENT or not conv.proxy or staff is None:
        await stale(turn, GlobalAction.CONSENT)
        return
    if answer != "yes":
        conv.leave()
        turn.say("proxy.no_consent")
        await prompt(turn)
        return
    conv.proxy = {**conv.proxy, "staff": staff, "consented_at": turn.ctx.now().isoformat()}
    conv.step = StepKind.MENU.value
    turn.say("proxy.ready", phone=mask_phone(conv.proxy["phone"]))
    await prompt(turn)
