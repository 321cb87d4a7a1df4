"""What the engine may read: the catalog, strings, the clock and a read-only repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from handlers.catalog import Catalog
from handlers.ratings import Level
from handlers.request_lifecycle import RequestKind, RequestStatus
from handlers.search.policies import PolicyPassage
from handlers.search.searcher import Results
from handlers.visits import VisitFacts


@dataclass(frozen=True)
class CaseSummary:
    number: str
    scenario_id: str
    status: str
    created: dt.datetime
    #: Whether documents deferred with 稍后补交 are still owed.
    owes: bool = False


@dataclass(frozen=True)
class EarlierMaterial:
    """A file this person gave in an earlier case, offered for reuse."""

    case_number: str
    files: list[dict[str, Any]]
    #: The errand and day it was given in, to label it ("上次交过的身份证（11-30 充电桩报装）").
    scenario_id: str = ""
    filed: dt.date | None = None


@dataclass(frozen=True)
class EarlierIdentity:
    """The applicant's name, ID number and phone as given in their latest case, offered to fill in again."""

    answers: dict[str, str]
    case_number: str


@dataclass(frozen=True)
class Supplement:
    """A case waiting for the resident to add or correct what staff asked for."""

    number: str
    scenario_id: str
    answers: dict[str, Any]
    materials: dict[str, list[dict[str, Any]]]
    items: list[str]
    fields: list[str]
    material_keys: list[str]
    #: The clerks' notes of the open requests, for repeating where the resident acts on them.
    note: str = ""
    #: Documents deferred with 稍后补交 and not handed in yet.
    owed: list[str] = field(default_factory=list)
    #: Whether a department asked for a supplement (else the case only owes documents).
    requested: bool = True


@dataclass(frozen=True)
class ItemView:
    """One item of a case as its resident sees it."""

    key: str
    department: str
    status: str
    due: dt.date | None
    note: str
    updated: dt.datetime


@dataclass(frozen=True)
class CaseView:
    """One case as its resident sees it: items, dates, what is owed."""

    number: str
    scenario_id: str
    status: str
    created: dt.datetime
    due: dt.date | None
    items: list[ItemView]
    owed: list[str]
    #: 容缺受理: owed document -> the date (ISO) promised.
    promised: dict[str, str] = field(default_factory=dict)
    #: Joint site visits (水电气暖信), the survey first.
    visits: list[VisitFacts] = field(default_factory=list)


@dataclass(frozen=True)
class LiveView:
    """The resident's open handover to a person (人工客服)."""

    chat_id: int
    status: str


@dataclass(frozen=True)
class RatableItem:
    """A decided item of one of the person's cases, with its rating if given (好差评)."""

    number: str
    scenario_id: str
    item_key: str
    department: str
    status: str
    #: The level given (a ``handlers.ratings.Level`` value), and when it was first given.
    level: str | None = None
    rated_at: dt.datetime | None = None


@dataclass(frozen=True)
class RequestSummary:
    """One of the resident's requests (留言 …), as "我的留言" lists it."""

    number: str
    kind: RequestKind
    subkind: str
    status: RequestStatus
    department: str
    text: str
    due: dt.date | None
    answer: str = ""
    rating: Level | None = None
    resolved: bool | None = None


class Repository(Protocol):
    """The reads the engine needs; writes happen after the step, from its effects."""

    async def cases_of(self, user_id: int) -> list[CaseSummary]: ...

    async def earlier_material(self, user_id: int, key: str) -> EarlierMaterial | None: ...

    async def earlier_identity(self, user_id: int, keys: tuple[str, ...]) -> EarlierIdentity | None:
        """The latest case of this user that answered any of ``keys``, with those answers."""
        ...

    async def supplement_for(self, user_id: int, number: str) -> Supplement | None:
        """An open case of this person that waits for a supplement or owes documents, else None."""
        ...

    async def case_view(self, user_id: int, number: str) -> CaseView | None: ...

    async def staff_ref(self, user_id: int) -> str | None:
        """The staff account behind this chat user, if any (who may file on someone's behalf)."""
        ...

    async def case_for_draft(self, draft_id: str) -> str | None: ...

    async def live_chat(self, user_id: int) -> LiveView | None:
        """This person's handover to a person that is waiting or under way, if any."""
        ...

    async def ratable(self, user_id: int, number: str) -> list[RatableItem]:
        """The decided items of this person's case ``number`` ("": of their latest cases) with their ratings."""
        ...

    async def requests_of(self, user_id: int) -> list[RequestSummary]:
        """The person's own requests (留言 and the others), newest first."""
        ...


class Translate(Protocol):
    def __call__(self, locale: str, key: str, /, **params: Any) -> str: ...


class Search(Protocol):
    """Scenario and policy search (handlers.search.Searcher is the one shipped)."""

    def __call__(self, query: str, locale: str) -> Results: ...

    def passage(self, passage_id: str) -> PolicyPassage | None: ...


@dataclass(frozen=True)
class ServiceHall:
    """Where residents go for what must be done in person (Settings: YJS_HALL_*)."""

    address: str = "临港区政务服务中心（具体地址待区确认）"
    hours: str = "法定工作日 9:00—12:00、13:30—17:00（待区确认）"
    #: True until the operator sets the address and hours: the notice says they are to be confirmed.
    to_confirm: bool = True


@dataclass(frozen=True)
class EngineContext:
    catalog: Catalog
    repo: Repository
    t: Translate
    find: Search
    now: Callable[[], dt.datetime]
    user_id: int
    #: A signed, expiring link to a case's printable receipt (None where no web app serves one).
    receipt_link: Callable[[str], str] | None = None
    #: Days a case's information and documents are kept, told in the privacy notice (Settings.privacy).
    retention_days: int = 1095
    hall: ServiceHall = field(default_factory=ServiceHall)
    #: Days a rating may be changed after it was first given (Settings.ratings).
    rating_change_days: int = 15
