"""申请改期: the applicant asks for another time of a joint site visit (``handlers.visits``).

The notice that a visit's time is fixed carries the button; the wish is typed as free text
and reaches the lead department's card, which proposes again.
"""

from __future__ import annotations

from handlers.buttons import VisitChange
from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn
from handlers.effects import AskVisitChange
from handlers.steps import StepKind, StepRef
from handlers.visits import VisitStatus

#: What the applicant may say about the time, at most (it is shown on every card of the case).
WISH_LIMIT = 200
#: States in which the applicant may ask for another time.
CHANGEABLE = frozenset({VisitStatus.PROPOSED, VisitStatus.FIXED})


async def ask(turn: Turn, argument: str) -> None:
    """The 申请改期 button (a ``VisitChange``): ask what suits the applicant, unless nothing is agreed or an
    errand is open."""
    change = VisitChange.unpack(argument)
    if turn.conv.scenario:  # asking would leave the errand
        turn.say("visit.push.finish_first")
        await prompt(turn, resume=True)
        return
    view = await turn.ctx.repo.case_view(turn.ctx.user_id, change.number) if change else None
    visit = next((v for v in view.visits if v.appointment.kind == change.kind), None) if view and change else None
    if change is None or visit is None:
        turn.say("visit.refused.none")
        await prompt(turn)
        return
    if visit.appointment.status not in CHANGEABLE:
        turn.say("visit.refused.nothing_to_change")
        await prompt(turn)
        return
    turn.conv.step = str(StepRef(StepKind.VISIT_WISH, change.pack()))
    turn.say("visit.push.ask")


async def wish(turn: Turn, text: str) -> None:
    """What the applicant typed after being asked: passed to the lead department with the save."""
    change = VisitChange.unpack(turn.conv.at.key)
    turn.conv.step = StepKind.MENU.value
    if not text.strip() or change is None:
        turn.say("visit.refused.needs_wish")
        await prompt(turn)
        return
    turn.effect(AskVisitChange(change.number, change.kind, text.strip()[:WISH_LIMIT]))
    turn.say("visit.push.asked", visit=turn.t(f"visit.kind.{change.kind}"))
    await prompt(turn)
