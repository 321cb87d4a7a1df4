"""How cases and their items move: the rules, with no storage and no channel.

CaseItem: pending -> accepted -> (supplement_requested -> resubmitted -> accepted) -> approved | rejected
Case:     submitted -> in_progress -> (supplement_needed <-> in_progress) -> done | partly_done | rejected
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class ItemStatus(StrEnum):
    """Where one department's item stands; stored as its value."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class CaseStatus(StrEnum):
    """Where the whole case stands, derived from its items (see ``case_status``)."""

    SUBMITTED = "submitted"
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_NEEDED = "supplement_needed"
    DONE = "done"
    PARTLY_DONE = "partly_done"
    REJECTED = "rejected"


class StaffAction(StrEnum):
    """What staff may press on a card; also the audit log's action and the card button's verb."""

    ACCEPT = "accept"
    SUPPLEMENT = "supplement"
    APPROVE = "approve"
    REJECT = "reject"


class CaseAction(StrEnum):
    """What else the case's audit log records (``CaseEvent.action``), besides staff decisions (``StaffAction``)
    and joint visits (``handlers.visits.action_of``, ``visit_<verb>:<kind>``); stored as its value."""

    #: The resident (or a clerk, 帮办代办) filed the case.
    SUBMIT = "submit"
    #: The supplement asked for came back: an item awaiting it is resubmitted.
    RESUBMIT = "resubmit"
    #: Documents deferred with 稍后补交 arrived.
    HAND_IN = "hand_in"
    #: A resident linked their chat account to a case filed for them, by its code.
    LINK = "link"
    #: Due dates counted past the holidays then known were counted again (``settle_provisional``).
    DUE_SETTLED = "due_settled"
    #: An item was assigned to a member of its department (or to nobody).
    ASSIGN = "assign"
    #: 好差评 of a decided item: first given, then changed within the period.
    RATE = "rate"
    RATE_CHANGE = "rate_change"
    #: 申诉复核 of a rating: asked by the department, then decided by a supervisor.
    RATING_APPEAL = "rating_appeal"
    RATING_UPHELD = "rating_upheld"
    RATING_VOIDED = "rating_voided"


_WAITING = frozenset({ItemStatus.PENDING, ItemStatus.ACCEPTED, ItemStatus.RESUBMITTED})
#: What staff may do to an item, from which states, and the state it leads to.
STAFF_ACTIONS: dict[StaffAction, tuple[frozenset[ItemStatus], ItemStatus]] = {
    StaffAction.ACCEPT: (frozenset({ItemStatus.PENDING, ItemStatus.RESUBMITTED}), ItemStatus.ACCEPTED),
    StaffAction.SUPPLEMENT: (_WAITING, ItemStatus.SUPPLEMENT_REQUESTED),
    StaffAction.APPROVE: (frozenset({ItemStatus.ACCEPTED}), ItemStatus.APPROVED),
    StaffAction.REJECT: (_WAITING, ItemStatus.REJECTED),
}
DECIDED = frozenset({ItemStatus.APPROVED, ItemStatus.REJECTED})
#: An item staff still owe a decision on (its clock runs): every state some action starts from.
OPEN: frozenset[ItemStatus] = frozenset().union(*(starts for starts, _ in STAFF_ACTIONS.values()))
#: Actions that need a note: the reason of a rejection, the list of a supplement request.
NEEDS_NOTE = frozenset({StaffAction.REJECT, StaffAction.SUPPLEMENT})
#: Case states nobody acts on any more.
CLOSED = frozenset({CaseStatus.DONE, CaseStatus.PARTLY_DONE, CaseStatus.REJECTED})
#: Case states a department still has work in.
OPEN_CASES = frozenset({CaseStatus.SUBMITTED, CaseStatus.IN_PROGRESS, CaseStatus.SUPPLEMENT_NEEDED})


def next_item_status(action: str, current: str) -> ItemStatus | None:
    """The item's new state, or None when the action is not allowed from the current one."""
    try:
        starts, leads_to = STAFF_ACTIONS[StaffAction(action)]
    except ValueError:
        return None
    return leads_to if current in starts else None


def case_status(item_statuses: Iterable[str]) -> CaseStatus:
    statuses = list(item_statuses)
    if not statuses:
        return CaseStatus.SUBMITTED
    if ItemStatus.SUPPLEMENT_REQUESTED in statuses:
        return CaseStatus.SUPPLEMENT_NEEDED
    if all(s in DECIDED for s in statuses):
        if all(s == ItemStatus.APPROVED for s in statuses):
            return CaseStatus.DONE
        return CaseStatus.REJECTED if all(s == ItemStatus.REJECTED for s in statuses) else CaseStatus.PARTLY_DONE
    if all(s == ItemStatus.PENDING for s in statuses):
        return CaseStatus.SUBMITTED
    return CaseStatus.IN_PROGRESS


def is_closed(status: str) -> bool:
    return status in CLOSED
