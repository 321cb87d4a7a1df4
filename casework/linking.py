"""帮办代办 link codes: issued with a case staff file, used once by the resident in their own chat.

A chat account becomes a case's resident only by giving the code the clerk handed over out
of band; a phone number someone typed into a form proves nothing about who owns it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from casework.casework import redraw
from handlers.dialog.linking import ALPHABET, CODE_LENGTH
from handlers.effects import Linked, LinkOutcome
from handlers.lifecycle import CaseAction
from models.case import Case, CaseEvent
from models.linking import LinkAttempt, ResidentLink
from models.staff import StaffCard

#: How long a code may wait on its paper slip or in an SMS before it is of no use.
VALID_FOR = dt.timedelta(days=30)
log = logging.getLogger(__name__)

#: Codes that did not link, per chat account, in the window below, before no code is looked at.
TRIES = 5
TRY_WINDOW = dt.timedelta(hours=1)
#: Codes that did not link from anyone in the window, before no code is looked at for the rest of it.
#: A web chat account costs nothing, so the limit per account alone let one address try 150 codes a
#: minute from fresh sessions (more from an IPv6 network's many addresses). Residents' honest typos are
#: far fewer; while the guessing goes on, the filing clerk keeps getting the case's notices.
TRIES_EVERYWHERE = 100


def _hashed(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def issue(case: Case, now: dt.datetime) -> str:
    """A new code for the case, valid for VALID_FOR; only its hash is stored. Call in a transaction."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    await ResidentLink.create(case=case, code_hash=_hashed(code), expires_at=now + VALID_FOR)
    return code


async def link(user_id: int, code: str, now: dt.datetime) -> Linked:
    """Make the user the resident of the code's case, if the code is good. Call in a transaction."""
    recent = LinkAttempt.filter(at__gte=now - TRY_WINDOW)
    if await recent.filter(user_id=user_id).count() >= TRIES:
        return Linked(LinkOutcome.LIMITED)
    if await recent.count() >= TRIES_EVERYWHERE:
        log.warning("link codes refused for everyone: %d wrong codes within %s", TRIES_EVERYWHERE, TRY_WINDOW)
        return Linked(LinkOutcome.LIMITED)
    found = await ResidentLink.filter(code_hash=_hashed(code)).select_for_update().first()
    outcome = _judged(found, now)
    if found is None or outcome != LinkOutcome.LINKED:
        await LinkAttempt.create(user_id=user_id, at=now)
        return Linked(outcome)
    found.used_at, found.user_id = now, user_id  # type: ignore[attr-defined]
    await found.save(update_fields=["used_at", "user_id"])
    case = await Case.get(id=found.case_id)  # type: ignore[attr-defined]
    await CaseEvent.create(case=case, actor=f"user:{user_id}", action=CaseAction.LINK, note="申请人以关联码关联本办件")
    for card in await StaffCard.filter(case=case):
        await redraw(card)  # the card stops saying that only the clerk is told
    return Linked(LinkOutcome.LINKED, case.number)


def _judged(found: ResidentLink | None, now: dt.datetime) -> LinkOutcome:
    if found is None:
        return LinkOutcome.WRONG
    if found.used_at is not None:
        return LinkOutcome.USED
    if found.expires_at <= now:
        return LinkOutcome.EXPIRED
    return LinkOutcome.LINKED


async def linked_yet(case: Case) -> bool:
    return await ResidentLink.filter(case=case, user_id__isnull=False).exists()
