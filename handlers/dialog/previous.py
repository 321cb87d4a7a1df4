"""The applicant's name, ID number and phone from their last case, offered instead of typing them again."""

from __future__ import annotations

from handlers import plan
from handlers.buttons import StepAction, here
from handlers.context import EarlierIdentity
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.identity import mask_name, mask_phone

#: The applicant's identity fields, named alike in every scenario.
IDENTITY = ("applicant_name", "applicant_id", "phone")


def _short_id(number: str) -> str:
    return f"{number[:3]}…{number[-2:]}" if len(number) > 6 else "***"


_MASKS = {"applicant_name": mask_name, "applicant_id": _short_id, "phone": mask_phone}


async def earlier(turn: Turn) -> EarlierIdentity | None:
    """What can be offered at this step: only at the first identity question of the errand, before any of
    them is answered, and never when staff file for someone else (帮办代办) or a supplement is under way."""
    scenario, conv = turn.scenario, turn.conv
    if scenario is None or conv.proxy or conv.supplement or conv.at.key not in IDENTITY:
        return None
    asked = [q.key for q in plan.applicable_questions(scenario, conv) if q.key in IDENTITY]
    if not asked or conv.at.key != asked[0] or any(k in conv.answers for k in asked):
        return None
    found = await turn.ctx.repo.earlier_identity(turn.ctx.user_id, tuple(asked))
    return found if found and found.answers.get(conv.at.key) else None


async def offer(turn: Turn, question: Reply) -> Reply:
    """The question, with the previous answers (masked) and a button to use them; typing answers anew."""
    found = await earlier(turn)
    if found is None:
        return question
    shown = " ".join(_MASKS[k](found.answers[k]) for k in IDENTITY if k in found.answers)  # name, ID, phone
    text = f"{question.text}\n{turn.t('previous.offer', shown=shown)}"
    use = here(turn.conv, turn.t("previous.use", shown=shown), StepAction.SAME)
    return Reply(text, (use, *question.buttons), question.speech)
