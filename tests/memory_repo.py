"""The engine's repository in memory, for testing the dialog without a database.

Only tests use it: the runtime's repository is casework/repository.py, over tortoise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from handlers.context import (
    CaseSummary,
    CaseView,
    EarlierIdentity,
    EarlierMaterial,
    LiveView,
    RatableItem,
    RequestSummary,
    Supplement,
)
from handlers.effects import AskForPerson, FileRequest, LiveAsked, LiveOutcome, RateItem, RequestFiled, SubmitCase
from handlers.request_lifecycle import RequestKind, RequestStatus


@dataclass
class FiledCase:
    user_id: int
    number: str
    submitted: SubmitCase
    created: dt.datetime
    status: str = "submitted"


@dataclass
class MemoryRepository:
    """Implements handlers.context.Repository; `file` stands in for saving a SubmitCase."""

    cases: list[FiledCase] = field(default_factory=list)
    #: chat user id -> staff ref, for 帮办代办.
    staff: dict[int, str] = field(default_factory=dict)
    #: (user id, case number) -> what staff asked to be supplemented.
    supplements: dict[tuple[int, str], Supplement] = field(default_factory=dict)
    numbers: Counter[str] = field(default_factory=Counter)
    #: (user id, case number) -> the case as its resident sees it.
    views: dict[tuple[int, str], CaseView] = field(default_factory=dict)
    #: 人工客服: user id -> the open handover; what each resident said to staff; whether staff are on duty.
    live: dict[int, LiveView] = field(default_factory=dict)
    said_to_person: dict[int, list[str]] = field(default_factory=dict)
    on_duty: bool = True
    #: user id -> the requests filed (依申请公开 in engine tests), newest first, as their list shows them.
    requests: dict[int, list[RequestSummary]] = field(default_factory=dict)
    #: What each FileRequest carried, by request number.
    filed_requests: dict[str, FileRequest] = field(default_factory=dict)

    def file_request(self, user_id: int, filed: FileRequest, now: dt.datetime) -> RequestFiled:
        """What the save does with a FileRequest, on a weekends-only clock of 20 working days."""
        number = f"GK{now:%Y%m%d}-{len(self.filed_requests) + 1:04d}"
        due, department = _weekdays_after(now.date(), 20), filed.department or "approval"
        self.filed_requests[number] = filed
        summary = RequestSummary(
            number, RequestKind(filed.kind), filed.subkind, RequestStatus.OPEN, department, filed.text, due
        )
        self.requests.setdefault(user_id, []).insert(0, summary)
        return RequestFiled(number, filed.kind, filed.subkind, department, due)

    #: user id -> the decided items they may rate, with the ratings given (``rate`` keeps them).
    ratables: dict[int, list[RatableItem]] = field(default_factory=dict)

    def file(self, user_id: int, submitted: SubmitCase, now: dt.datetime) -> str:
        """What the runtime's save does with a SubmitCase: number it and keep it; returns the number."""
        stamp = f"{now:%Y%m%d}"
        self.numbers[stamp] += 1
        number = f"LG{stamp}-{self.numbers[stamp]:04d}"
        self.cases.append(FiledCase(user_id, number, submitted, now))
        return number

    async def cases_of(self, user_id: int) -> list[CaseSummary]:
        mine = [c for c in reversed(self.cases) if c.user_id == user_id][:10]
        return [CaseSummary(c.number, c.submitted.scenario_id, c.status, c.created) for c in mine]

    async def earlier_material(self, user_id: int, key: str) -> EarlierMaterial | None:
        for case in reversed(self.cases):
            files: list[dict[str, Any]] = list(case.submitted.materials.get(key) or [])
            if case.user_id == user_id and files:
                return EarlierMaterial(case.number, files, case.submitted.scenario_id, case.created.date())
        return None

    async def earlier_identity(self, user_id: int, keys: tuple[str, ...]) -> EarlierIdentity | None:
        for case in reversed(self.cases):
            given = {k: str(case.submitted.answers[k]) for k in keys if case.submitted.answers.get(k)}
            if case.user_id == user_id and given:
                return EarlierIdentity(given, case.number)
        return None

    async def supplement_for(self, user_id: int, number: str) -> Supplement | None:
        return self.supplements.get((user_id, number))

    async def case_view(self, user_id: int, number: str) -> CaseView | None:
        return self.views.get((user_id, number))

    def ask_person(self, user_id: int, asked: AskForPerson) -> LiveAsked:
        """What the runtime's save does with an AskForPerson: queue it while staff are on duty."""
        if user_id in self.live:
            return LiveAsked(LiveOutcome.ALREADY)
        if not self.on_duty:
            return LiveAsked(LiveOutcome.CLOSED, hours="9:00—17:00")
        ahead = len(self.live)
        self.live[user_id] = LiveView(1000 + user_id, "waiting")
        return LiveAsked(LiveOutcome.QUEUED, ahead)

    async def live_chat(self, user_id: int) -> LiveView | None:
        return self.live.get(user_id)

    async def staff_ref(self, user_id: int) -> str | None:
        return self.staff.get(user_id)

    async def case_for_draft(self, draft_id: str) -> str | None:
        return next((c.number for c in self.cases if c.submitted.draft_id == draft_id), None)

    async def ratable(self, user_id: int, number: str) -> list[RatableItem]:
        return [i for i in self.ratables.get(user_id, []) if not number or i.number == number]

    def rate(self, user_id: int, effect: RateItem, now: dt.datetime) -> None:
        """What the runtime's save does with a RateItem: the level kept, first given now if never before."""
        items = self.ratables.get(user_id, [])
        for n, item in enumerate(items):
            if (item.number, item.item_key) == (effect.number, effect.item_key):
                items[n] = replace(item, level=effect.level, rated_at=item.rated_at or now)

    async def requests_of(self, user_id: int) -> list[RequestSummary]:
        return list(self.requests.get(user_id, []))  # 留言 are tested through the runtime, on a database


def _weekdays_after(start: dt.date, days: int) -> dt.date:
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return day
