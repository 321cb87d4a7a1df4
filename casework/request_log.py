"""A request's numbers and its audit log: every change appends a ``RequestEvent``, and the ones the
resident is told of queue their push in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from casework import jobs
from casework.locked import retrying_locked
from handlers.request_lifecycle import RequestAction, RequestKind, RequestStatus
from models import db
from models.requests import Request, RequestEvent

#: Number prefixes: 留言 (LY), 公开 (GK), 回访 (HF).
PREFIXES = {RequestKind.MESSAGE: "LY", RequestKind.DISCLOSURE: "GK", RequestKind.FOLLOWUP: "HF"}
#: Actions the resident is told of (their own actions and the sweep's are not pushed).
PUSHED = frozenset(
    {
        RequestAction.PASS_ON,
        RequestAction.ANSWER,
        RequestAction.ASK_CORRECTION,
        RequestAction.EXTEND,
        RequestAction.CLOSE,
    }
)
_NEXT_NUMBER = (
    "INSERT INTO request_counters (key, last_number) VALUES ({p1}, 1) "
    "ON CONFLICT (key) DO UPDATE SET last_number = request_counters.last_number + 1 RETURNING last_number"
)


async def next_number(kind: RequestKind, day: dt.date) -> str:
    """The day's next number of a kind, e.g. LY20261203-0001; call in the filing transaction."""
    conn = connections.get("default")
    (placeholder,) = db.placeholders(conn, 1)
    key = f"{PREFIXES[kind]}{day:%Y%m%d}"
    rows = await conn.execute_query_dict(_NEXT_NUMBER.format(p1=placeholder), [key])
    return f"{key}-{rows[0]['last_number']:04d}"


async def record(request: Request, actor: str, action: RequestAction, note: str = "", **data: Any) -> RequestEvent:
    """Append to the audit log, and queue the resident's push where they are told. Call in the transaction."""
    event = await RequestEvent.create(
        request=request, actor=actor, action=action, status=request.status, note=note, data=data
    )
    if action in PUSHED:
        await jobs.push_request(request.id, event.id)
    return event


async def mark(request_id: int, action: RequestAction, moment: dt.datetime) -> Request | None:
    """The sweep's claim of one request's reminder or escalation, once (None: done before, or no longer open)."""
    field = "reminded_at" if action == RequestAction.REMIND else "escalated_at"

    async def transaction() -> Request | None:
        async with in_transaction():
            filters: dict[str, Any] = {"id": request_id, "status": RequestStatus.OPEN, field: None}
            if not await Request.filter(**filters).update(**{field: moment}):
                return None
            request = await Request.get(id=request_id)
            await record(request, "system", action, data={"due": str(request.due_date)})
            return request

    return await retrying_locked(transaction)
