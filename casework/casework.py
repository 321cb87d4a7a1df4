"""The life of a case in the database: filing, routing, supplements (staff decisions: ``decisions``).

Each function is one transaction that changes the case, appends to its audit log and
queues what must follow (cards, pushes) in the outbox, so the follow-up happens
exactly when the change committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tortoise import connections
from tortoise.transactions import in_transaction

from casework import jobs
from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario
from handlers.effects import ResubmitCase, SubmitCase
from handlers.lifecycle import CaseAction, CaseStatus, ItemStatus, case_status
from handlers.workdays import WorkCalendar
from models import db
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.material import Material
from models.staff import StaffCard

if TYPE_CHECKING:  # drawing imports this module (redraw): the drawer is handed in
    from casework.drawing import CardDrawer

#: Prefix of case numbers: 临港 (Lingang).
CASE_PREFIX = "LG"
_NEXT_NUMBER = (
    "INSERT INTO case_counters (day, last_number) VALUES ({p1}, 1) "
    "ON CONFLICT (day) DO UPDATE SET last_number = case_counters.last_number + 1 RETURNING last_number"
)


async def next_case_number(day: dt.date) -> str:
    """The day's next case number; call in the transaction that files the case, so a rollback frees it."""
    conn = connections.get("default")
    (placeholder,) = db.placeholders(conn, 1)
    rows = await conn.execute_query_dict(_NEXT_NUMBER.format(p1=placeholder), [day.strftime("%Y%m%d")])
    return f"{CASE_PREFIX}{day:%Y%m%d}-{rows[0]['last_number']:04d}"


def item_due_dates(
    catalog: Catalog, calendar: WorkCalendar, scenario: Scenario, keys: Sequence[str], day: dt.date
) -> dict[str, dt.date | None]:
    """Each filed item's due date from its own time limit (None: no sourced limit, the department
    tells the date when it accepts)."""
    limits = {key: catalog.limit(scenario, key) for key in keys}
    return {key: calendar.due(day, lim.days, lim.unit) if lim else None for key, lim in limits.items()}


def last_due(dates: list[dt.date | None]) -> dt.date | None:
    """A case is due when its last item is, and has no due date while any item has none."""
    return None if not dates or None in dates else max(d for d in dates if d is not None)


async def settle_provisional(catalog: Catalog, calendar: WorkCalendar) -> list[str]:
    """Count again the due dates of cases filed past the holidays then known, once the calendar covers
    them (next year's holidays published): items and case get their final dates, every card is redrawn,
    and the audit log says so. Returns the case numbers settled; a case still past the calendar waits."""
    settled = []
    for case in await Case.filter(due_provisional=True):
        scenario = catalog.get(case.scenario_id)
        if scenario is None:
            continue
        filed = case.created_at.astimezone(db.now().tzinfo).date()
        items = await CaseItem.filter(case=case)
        due = item_due_dates(catalog, calendar, scenario, [i.item_key for i in items], filed)
        if any(d is not None and calendar.spans_unknown(filed, d) for d in due.values()):
            continue
        async with in_transaction():
            for item in items:
                if item.due_date != due[item.item_key]:  # a reminder for the old date is not one for the new
                    item.due_date, item.reminded_at, item.escalated_at = due[item.item_key], None, None
                    await item.save(update_fields=["due_date", "reminded_at", "escalated_at", "updated_at"])
            case.due_date = last_due(list(due.values()))
            case.due_provisional = False
            await case.save(update_fields=["due_date", "due_provisional", "updated_at"])
            note = f"节假日安排已公布，办结日期重新计算为 {case.due_date or '受理后告知'}"
            await CaseEvent.create(case=case, actor="system", action=CaseAction.DUE_SETTLED, note=note)
            for card in await StaffCard.filter(case=case).select_for_update():
                await redraw(card)
        settled.append(case.number)
    return settled


async def file_case(
    effect: SubmitCase,
    number: str,
    user_id: int,
    scenario: Scenario,
    due: dict[str, dt.date | None],
    provisional: bool = False,
) -> Case:
    """Create the case, its items, materials and first event; queue its routing. Call in a transaction."""
    proxy = effect.proxy or {}
    case = await Case.create(
        number=number,
        user_id=user_id,
        scenario_id=effect.scenario_id,
        answers=effect.answers,
        locale=effect.locale,
        draft_id=effect.draft_id,
        due_date=last_due([due.get(key) for key in effect.items]),
        due_provisional=provisional,
        proxy_phone=proxy.get("phone"),
        proxy_by=proxy.get("staff"),
        consent_at=dt.datetime.fromisoformat(proxy["consented_at"]) if proxy.get("consented_at") else None,
        owed=sorted(key for key, files in effect.materials.items() if not files),
        privacy_consent_at=_moment(effect.privacy_consented_at),
        promised=dict(effect.promises),
        promise_due=min((dt.date.fromisoformat(d) for d in effect.promises.values()), default=None),
    )
    await CaseItem.bulk_create(
        [
            CaseItem(case=case, item_key=key, department=scenario.item(key).department, due_date=due.get(key))
            for key in effect.items
        ]
    )
    await _add_materials(case, user_id, effect.materials)
    await _open_visits(case, scenario)
    await _log_submission(case, user_id, proxy)
    await jobs.route_case(case.id)
    return case


async def _log_submission(case: Case, user_id: int, proxy: dict[str, str]) -> None:
    """The audit log's first line: who filed, and for 帮办代办 when the applicant agreed."""
    actor = proxy.get("staff") or f"user:{user_id}"
    note = f"帮办代办，申请人同意于 {proxy['consented_at']}" if proxy else ""
    await CaseEvent.create(
        case=case,
        actor=actor,
        action=CaseAction.SUBMIT,
        to_status=CaseStatus.SUBMITTED,
        case_status=CaseStatus.SUBMITTED,
        note=note,
    )


def _moment(iso: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(iso) if iso else None


async def _add_materials(case: Case, user_id: int, materials: dict[str, list[dict[str, Any]]]) -> None:
    await Material.bulk_create(
        [
            Material(case=case, user_id=user_id, key=key, **_stored(described))
            for key, files in materials.items()
            for described in files
        ]
    )


def _stored(described: dict[str, Any]) -> dict[str, Any]:
    sha = str(described["sha256"])
    return {
        "filename": described["name"],
        "kind": described["kind"],
        "mime": described["mime"],
        "size": described["size"],
        "sha256": sha,
        "path": f"{sha[:2]}/{sha}",
        # Absent in conversations saved before uploads were scanned: unknown, stored as NULL.
        "scanned": described.get("scanned"),
    }


#: The answers that say where a joint visit happens; the first one given wins.
PLACE_KEYS = ("project_address", "address", "site_address")


async def _open_visits(case: Case, scenario: Scenario) -> None:
    """The case's joint visits (``handlers.visits``), none scheduled yet; the first lead proposes them."""
    place = next((str(case.answers[k]) for k in PLACE_KEYS if case.answers.get(k)), "")
    lead = scenario.lead_departments[0]
    await CaseVisit.bulk_create([CaseVisit(case=case, kind=k, lead=lead, place=place) for k in scenario.joint_visits])


async def route_case(case_id: int, drawer: CardDrawer, chats: bool) -> list[str]:
    """One card per department of the case, and one for the department that proposes its joint visits,
    each drawn for the staff page here and, where department chats are configured (``chats``), queued
    for posting there; returns the departments. Call in a transaction.

    Drawn here rather than by a job of its own: the fan-out is then one queue message per case (plus
    the chat posts), and the staff page shows the cards as soon as the routing commits.
    """
    case = await Case.get(id=case_id)
    leads = {str(d) for d in await CaseVisit.filter(case_id=case_id).values_list("lead", flat=True)}
    departments = sorted(
        {str(d) for d in await CaseItem.filter(case_id=case_id).values_list("department", flat=True)} | leads
    )
    cards = {c.department: c for c in await StaffCard.filter(case_id=case_id)}  # a retry finds them made
    for department in departments:
        if department not in cards:
            cards[department] = await StaffCard.create(case=case, department=department)
    shown = [cards[d] for d in departments]
    await drawer.draw_all(case, shown)
    if chats:
        for card in shown:
            await jobs.post_to_chats(card.id, card.version)
    return departments


async def _show(card: StaffCard) -> None:
    """Queue the card's drawing at its current version, so post_card can drop a stale one."""
    await jobs.post_card(card.id, card.version)


async def redraw(card: StaffCard) -> None:
    """Bump the card's version (older buttons go stale) and queue its drawing. Call in a transaction."""
    card.version += 1
    await card.save(update_fields=["version", "updated_at"])
    await _show(card)


async def resubmit(effect: ResubmitCase, user_id: int, catalog: Catalog) -> Case:
    """The resident's supplement or late documents: what changed goes back to the departments.

    Items waiting for a supplement return to their departments; documents that were owed are
    attached, and every department's card says they arrived.
    """
    case = await Case.filter(number=effect.number, user_id=user_id).select_for_update().get()
    given = {k: files for k, files in effect.materials.items() if files}  # an empty list: still owed
    arrived = sorted(k for k in given if k in case.owed)
    case.answers = {**case.answers, **effect.answers}
    _no_longer_owed(case, given)
    case.last_changes = {"fields": sorted(effect.answers), "materials": sorted(given), "arrived": arrived}
    await Material.filter(case=case, key__in=list(given)).delete()
    await _add_materials(case, user_id, given)
    waiting = await _back_to_departments(case, user_id)
    if arrived:
        scenario = catalog.scenarios[case.scenario_id]
        names = "、".join(scenario.material(k).name.get("zh_CN") for k in arrived)  # the audit log is for staff
        await CaseEvent.create(case=case, actor=f"user:{user_id}", action=CaseAction.HAND_IN, note=names)
    case.status = case_status([i.status for i in await CaseItem.filter(case=case)])
    await case.save(
        update_fields=[
            "answers",
            "owed",
            "promised",
            "promise_due",
            "promise_reminded_at",
            "last_changes",
            "status",
            "updated_at",
        ]
    )
    departments = {i.department for i in waiting}
    if arrived:  # every department works from the whole application
        departments.update(await CaseItem.filter(case=case).values_list("department", flat=True))  # type: ignore[arg-type]
    for card in await StaffCard.filter(case=case, department__in=sorted(departments)):
        await redraw(card)
    return case


def _no_longer_owed(case: Case, given: dict[str, Any]) -> None:
    """Documents given are owed and promised no more; the promise reminder follows the earliest promise left."""
    case.owed = [k for k in case.owed if k not in given]
    case.promised = {k: d for k, d in case.promised.items() if k in case.owed}
    earliest = min((dt.date.fromisoformat(d) for d in case.promised.values()), default=None)
    if earliest != case.promise_due:
        case.promise_due, case.promise_reminded_at = earliest, None


async def _back_to_departments(case: Case, user_id: int) -> list[CaseItem]:
    """Items waiting for the supplement are resubmitted, each with its line in the audit log."""
    waiting = await CaseItem.filter(case=case, status=ItemStatus.SUPPLEMENT_REQUESTED)
    for item in waiting:
        item.status = ItemStatus.RESUBMITTED
        await item.save(update_fields=["status", "updated_at"])
        await CaseEvent.create(
            case=case, item=item, actor=f"user:{user_id}", action=CaseAction.RESUBMIT,
            from_status=ItemStatus.SUPPLEMENT_REQUESTED, to_status=ItemStatus.RESUBMITTED,
            detail={"fields": case.last_changes["fields"], "materials": case.last_changes["materials"]},
        )  # fmt: skip
    return waiting
