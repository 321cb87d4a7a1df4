"""What the privacy notice promises: a filed case's personal data and documents are kept for the
retention period after it closes, then erased; files nobody refers to any more are not kept.

Erasing keeps the case's skeleton (number, scenario, statuses, dates, who decided) so that the
statistics and the audit trail of decisions stay whole; it removes the answers, the documents,
the notes staff and residents wrote (rating comments too), the visit details and the staff cards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from tortoise.transactions import in_transaction

from handlers.lifecycle import CLOSED
from models import db
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.conversation import ConversationState
from models.material import Material
from models.ratings import Rating
from models.requests import Request
from models.staff import StaffCard


async def erase_expired(retention: dt.timedelta) -> list[str]:
    """Erase the personal data of closed cases untouched for longer than ``retention``; their numbers."""
    before = db.now() - retention
    due = await Case.filter(status__in=list(CLOSED), updated_at__lt=before, erased_at=None).values_list("id", flat=True)
    erased = []
    for case_id in due:
        async with in_transaction():
            case = await Case.filter(id=case_id, erased_at=None).select_for_update().first()
            if case is None:  # another process erased it meanwhile
                continue
            await Material.filter(case_id=case.id).delete()
            await StaffCard.filter(case_id=case.id).delete()
            await CaseItem.filter(case_id=case.id).update(note="", supplement={})
            await CaseEvent.filter(case_id=case.id).update(note="")
            await CaseVisit.filter(case_id=case.id).update(place="", change_asked="", declined={})
            await Rating.filter(case_id=case.id).update(comment="")
            case.answers, case.last_changes, case.owed, case.promised = {}, {}, [], {}
            case.proxy_phone, case.erased_at = None, db.now()
            fields = ["answers", "last_changes", "owed", "promised", "proxy_phone", "erased_at"]
            await Case.filter(id=case.id).update(**{name: getattr(case, name) for name in fields})
            erased.append(case.number)
    return erased


async def files_in_use() -> set[str]:
    """The sha256 of every file a case, a request (a 留言's photos) or a conversation (a draft, a
    supplement, pages) still refers to."""
    used = {str(sha) for sha in await Material.all().values_list("sha256", flat=True)}
    for state in await ConversationState.all().values_list("state", flat=True):
        used.update(_shas(state))
    for payload in await Request.all().values_list("payload", flat=True):
        used.update(_shas(payload))
    return used


def _shas(value: Any) -> Iterator[str]:
    """Every "sha256" held anywhere in a saved conversation, whatever the shape that holds it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sha256" and isinstance(item, str):
                yield item
            else:
                yield from _shas(item)
    elif isinstance(value, list):
        for item in value:
            yield from _shas(item)
