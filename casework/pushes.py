"""What a resident's status push tells about one event, and whether an earlier push of the case is still on its way."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import cast

from casework import jobs
from handlers.lifecycle import STAFF_ACTIONS, StaffAction
from handlers.notices import StatusFacts, VisitNotice
from handlers.visits import fixed_actions, parse_action
from models import db
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.ledger import Processed
from models.outbox import DeadLetter


async def status_facts(event_id: int) -> tuple[StatusFacts, Case]:
    """What to tell about one event, and its case (with its filer loaded, for people_to_tell)."""
    event = await CaseEvent.get(id=event_id).prefetch_related("case__user", "item")
    case, item = event.case, event.item
    items = await CaseItem.filter(case=case).order_by("id")
    base = StatusFacts(
        number=case.number,
        scenario_id=case.scenario_id,
        locale=case.locale,
        case_status=event.case_status or case.status,
        action=event.action,
        item_key="",
        department="",
        due=case.due_date,
        due_provisional=case.due_provisional,
        outcome=[(i.item_key, i.status, i.note) for i in items],
        at=event.created_at,
    )
    if item is None:  # a joint visit's time fixed: the one item-less event residents are told of
        visit = parse_action(event.action)
        assert visit is not None, "status pushes are for item and joint-visit events"
        row = await CaseVisit.get(case=case, kind=visit[1])
        shown = VisitNotice(visit[1], event.note, row.place)
        return dataclasses.replace(base, department=row.lead, visit=shown), case
    asked = item.supplement if event.action == StaffAction.SUPPLEMENT else {}
    facts = dataclasses.replace(
        base,
        item_key=item.item_key,
        department=item.department,
        note=event.note,
        supplement_fields=list(asked.get("fields", [])),
        supplement_materials=list(asked.get("materials", [])),
        item_status=event.to_status or item.status,
    )
    return facts, case


async def waiting_for_earlier_pushes(event_id: int) -> dt.timedelta | None:
    """How long this status push has waited for an earlier one of the same case that is neither
    delivered nor given up on (None: nothing earlier is pending)."""
    event = await CaseEvent.get(id=event_id)
    case_id = event.case_id  # type: ignore[attr-defined]
    told = [*STAFF_ACTIONS, *fixed_actions()]
    same_case = CaseEvent.filter(case_id=case_id, id__lt=event_id, action__in=told)
    earlier = cast(list[int], await same_case.values_list("id", flat=True))
    keys = [jobs.push_key(i) for i in earlier]
    if not keys:
        return None
    settled = await Processed.filter(key__in=keys).count() + await DeadLetter.filter(key__in=keys).count()
    if settled == len(keys):
        return None
    return max(dt.timedelta(0), db.now() - event.created_at)
