"""How cases and their items move: the rules, with no storage and no channel.

CaseItem: pending -> accepted -> (supplement_requested -> resubmitted -> accepted) -> approved | rejected
Case:     submitted -> in_progress -> (supplement_needed <-> in_progress) -> done | partly_done | rejected
"""

from __future__ import annotations

from collections.abc import Iterable

#: What staff may do to an item, from which states, and the state it leads to.
STAFF_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({"pending", "resubmitted"}), "accepted"),
    "supplement": (frozenset({"pending", "accepted", "resubmitted"}), "supplement_requested"),
    "approve": (frozenset({"accepted"}), "approved"),
    "reject": (frozenset({"pending", "accepted", "resubmitted"}), "rejected"),
}
DECIDED = frozenset({"approved", "rejected"})
#: An item staff still owe a decision on (its clock runs): every state some action starts from.
OPEN = frozenset().union(*(starts for starts, _ in STAFF_ACTIONS.values()))
#: Actions that need a note: the reason of a rejection, the list of a supplement request.
NEEDS_NOTE = frozenset({"reject", "supplement"})


def next_item_status(action: str, current: str) -> str | None:
    """The item's new state, or None when the action is not allowed from the current one."""
    allowed = STAFF_ACTIONS.get(action)
    if allowed is None or current not in allowed[0]:
        return None
    return allowed[1]


def case_status(item_statuses: Iterable[str]) -> str:
    statuses = list(item_statuses)
    if not statuses:
        return "submitted"
    if "supplement_requested" in statuses:
        return "supplement_needed"
    if all(s in DECIDED for s in statuses):
        if all(s == "approved" for s in statuses):
            return "done"
        return "rejected" if all(s == "rejected" for s in statuses) else "partly_done"
    if all(s == "pending" for s in statuses):
        return "submitted"
    return "in_progress"


def is_closed(status: str) -> bool:
    return status in ("done", "partly_done", "rejected")
