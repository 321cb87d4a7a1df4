"""好差评 in the database: the resident's rating of a decided item, its follow-up, and 申诉复核.

Every change is also a ``CaseEvent`` on the case (``CaseAction.RATE``, ``RATE_CHANGE``, ``RATING_APPEAL``,
``RATING_UPHELD``, ``RATING_VOIDED``): the case's audit log is where staff and statistics read who did what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from casework.decisions import Refusal
from casework.locked import retrying_locked
from casework.requests import RequestDesk
from handlers.context import RatableItem
from handlers.effects import RateItem
from handlers.lifecycle import DECIDED, CaseAction
from handlers.ratings import LOW, Appeal, changeable
from handlers.request_lifecycle import RequestKind
from models.case import Case, CaseEvent, CaseItem
from models.ratings import Rating
from models.requests import Request
from models.staff import Role, StaffMember
from models.user import User

#: Opens the follow-up of a low rating, in the rating's transaction; returns the follow-up's number.
OpenFollowUp = Callable[[Rating], Awaitable[str]]
#: Cases looked at when "评价" names none.
LATEST_CASES = 5


def _theirs(user_id: int) -> Q:
    """Cases a person may rate: those they filed, and for 帮办代办 those they linked themselves to."""
    return Q(user_id=user_id) | Q(resident_links__user_id=user_id)


async def ratable(user_id: int, number: str) -> list[RatableItem]:
    """The decided items of the person's case ``number`` (""=their latest cases), each with its rating."""
    query = Case.filter(_theirs(user_id)).distinct()
    cases = await (query.filter(number=number) if number else query.order_by("-id").limit(LATEST_CASES))
    items = await CaseItem.filter(case_id__in=[c.id for c in cases], status__in=list(DECIDED)).order_by("id")
    given = {r.item_id: r for r in await Rating.filter(item_id__in=[i.id for i in items])}  # type: ignore[attr-defined]
    by_id = {c.id: c for c in cases}
    listed = []
    for item in items:
        case, rating = by_id[item.case_id], given.get(item.id)  # type: ignore[attr-defined]
        level, at = (rating.level, rating.created_at) if rating else (None, None)
        listed.append(
            RatableItem(case.number, case.scenario_id, item.item_key, item.department, item.status, level, at)
        )
    return listed


async def rate(
    user_id: int, effect: RateItem, now: dt.datetime, change_days: int, followups: OpenFollowUp | None = None
) -> Rating | None:
    """Keep or change the rating, in the step's transaction; None when refused (not theirs, not decided,
    past the period). A low level opens the department's follow-up once."""
    item = (
        await CaseItem.filter(item_key=effect.item_key, status__in=list(DECIDED), case__number=effect.number)
        .filter(Q(case__user_id=user_id) | Q(case__resident_links__user_id=user_id))
        .first()
    )
    if item is None:
        return None
    rating = await Rating.filter(item=item).select_for_update().first()
    if rating is not None and not changeable(rating.created_at, now, change_days):
        return None
    changed = rating is not None
    if rating is None:
        user = await User.get(id=user_id)
        rating = Rating(case_id=item.case_id, item=item, user_id=user_id, department=item.department,  # type: ignore[attr-defined]
                        channel=user.channel, created_at=now)  # fmt: skip
    rating.level, rating.reasons, rating.updated_at = effect.level, list(effect.reasons), now
    rating.comment = effect.comment or (rating.comment if changed else "")
    if rating.level in LOW and not rating.followup and followups is not None:
        await rating.save()
        rating.followup = await followups(rating)
    elif rating.followup and effect.comment:  # the comment typed after the follow-up opened is what staff answer
        await Request.filter(number=rating.followup).update(text=rating.comment)
    await rating.save()
    note = f"{effect.level} {' '.join(effect.reasons)}".strip()
    action = CaseAction.RATE_CHANGE if changed else CaseAction.RATE
    await CaseEvent.create(case_id=item.case_id, item=item, actor=f"user:{user_id}", action=action, note=note)  # type: ignore[attr-defined]
    return rating


def followups_from(desk: RequestDesk) -> OpenFollowUp:
    """A low rating's follow-up: a request of kind followup for the rated department, due on its kind's rule."""

    async def open_followup(rating: Rating) -> str:
        case = await Case.get(id=rating.case_id)  # type: ignore[attr-defined]
        item = await CaseItem.get(id=rating.item_id)  # type: ignore[attr-defined]
        payload = {"rating": rating.id, "item": item.item_key, "level": rating.level, "reasons": list(rating.reasons)}
        request = await desk.file(
            rating.user_id,  # type: ignore[attr-defined]
            RequestKind.FOLLOWUP,
            rating.comment,
            department=rating.department,
            locale=case.locale,
            payload=payload,
            case_id=case.id,
        )
        return request.number

    return open_followup


async def for_department(department: str, limit: int = 200) -> list[Rating]:
    """A department's ratings, newest first, with their case and item."""
    query = Rating.filter(department=department).order_by("-updated_at").limit(limit)
    return await query.prefetch_related("case", "item")


async def appeal(member: StaffMember, rating_id: int, reason: str) -> Rating | Refusal:
    """申诉复核 asked by the rated department: a rating it considers mistaken or malicious, with why."""
    if not reason.strip():
        return Refusal("rating.staff.appeal_needs_reason")

    async def change(rating: Rating) -> Refusal | None:
        if not member.may_act_for(rating.department):
            return Refusal("rating.staff.not_yours")
        if rating.appeal:
            return Refusal("rating.staff.appeal_refused")
        rating.appeal, rating.appeal_reason, rating.appeal_by = Appeal.ASKED, reason.strip(), member.ref
        await _log(rating, member.ref, CaseAction.RATING_APPEAL, reason.strip())
        return None

    return await _changed(rating_id, change)


async def review(member: StaffMember, rating_id: int, upheld: bool, note: str, now: dt.datetime) -> Rating | Refusal:
    """The supervisor's decision on an appeal: the rating stands, or is void (not counted).

    Only a supervisor decides (bot/staff/access.py ``may_supervise``): not the rated department, not an admin."""
    if not (member.active and member.role == Role.SUPERVISOR):
        return Refusal("rating.staff.review_not_supervisor")

    async def change(rating: Rating) -> Refusal | None:
        if rating.appeal != Appeal.ASKED:
            return Refusal("rating.staff.review_refused")
        rating.appeal = Appeal.UPHELD if upheld else Appeal.VOIDED
        rating.reviewed_by, rating.reviewed_at = member.ref, now
        await _log(rating, member.ref, CaseAction.RATING_UPHELD if upheld else CaseAction.RATING_VOIDED, note.strip())
        return None

    return await _changed(rating_id, change)


async def _changed(rating_id: int, change: Callable[[Rating], Awaitable[Refusal | None]]) -> Rating | Refusal:
    async def transaction() -> Rating | Refusal:
        async with in_transaction():
            rating = await Rating.filter(id=rating_id).select_for_update().first()
            if rating is None:
                return Refusal("rating.staff.unknown")
            refused = await change(rating)
            if refused is not None:
                return refused
            await rating.save()
            return rating

    return await retrying_locked(transaction)


async def _log(rating: Rating, actor: str, action: CaseAction, note: str) -> None:
    await CaseEvent.create(case_id=rating.case_id, item_id=rating.item_id, actor=actor, action=action, note=note)  # type: ignore[attr-defined]
