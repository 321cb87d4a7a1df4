"""The engine's repository over tortoise, and the one transaction that saves a step."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, assert_never

import orjson

from casework import jobs, linking, ratings, visits
from casework.casework import file_case, item_due_dates, next_case_number, resubmit
from casework.commits import GroupCommit, Part
from casework.decisions import Refusal
from casework.live import LiveDesk, open_chat
from casework.lru import LRU
from casework.request_rules import RequestDays
from casework.requests import RequestDesk, desk_for
from handlers.catalog import Catalog
from handlers.context import (
    CaseSummary,
    CaseView,
    EarlierIdentity,
    EarlierMaterial,
    ItemView,
    LiveView,
    RatableItem,
    RequestSummary,
    Supplement,
)
from handlers.conversation import Conversation
from handlers.effects import (
    ActOnRequest,
    AskForPerson,
    AskVisitChange,
    Effect,
    EndLive,
    Filed,
    FileRequest,
    LeaveMessage,
    LinkResident,
    RateItem,
    RateLive,
    RequestActed,
    RequestFiled,
    ResubmitCase,
    Saved,
    SayToPerson,
    Speak,
    SubmitCase,
)
from handlers.lifecycle import CLOSED, ItemStatus
from handlers.ratings import Level
from handlers.request_lifecycle import RequestKind, RequestStatus
from handlers.visits import VisitKind
from handlers.workdays import WorkCalendar
from models.case import Case, CaseItem, recent_answers
from models.conversation import Advance, ConversationState, advance
from models.material import Material, latest_case_with
from models.requests import of_user
from models.staff import member_on
from models.user import User

log = logging.getLogger(__name__)
#: Most bytes the conversations cached in one process may hold (Settings: YJS_CONVERSATION_CACHE_MB).
CACHE_BYTES = 64 << 20
#: Dates shown to residents are Shanghai's.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Snapshot:
    """A conversation as loaded, with the version its save expects to replace (None: never saved)."""

    conversation: Conversation
    version: int | None

    @property
    def saved(self) -> bool:
        return self.version is not None


class StaleConversation(Exception):
    """The conversation changed in another process since this one loaded it."""


class TortoiseRepository:
    """Reads for the engine, and the writes of a step: conversation, case, audit log."""

    def __init__(
        self,
        catalog: Catalog,
        calendar: WorkCalendar,
        live: LiveDesk | None = None,
        cache_bytes: int = CACHE_BYTES,
        cached: bool = True,
    ) -> None:
        self.catalog, self.calendar = catalog, calendar
        #: 人工客服: the queue a request for a person joins, in the save of its step.
        self.live = live or LiveDesk(catalog, calendar)
        self.commits = GroupCommit()
        #: Saved conversations as JSON with their versions, by user id, bounded by bytes as well as
        #: entries; off when other processes save them too (several serve).
        self.cache = LRU[int, tuple[str, int | None]](50_000 if cached else 0, cache_bytes, _json_bytes)
        #: People this process made just now who have filed nothing since (a first errand): nothing earlier to
        #: offer them, so no query asks. Off with the cache: another process could file for them.
        self.caseless = LRU[int, bool](50_000 if cached else 0)
        #: 好差评: days a rating may be changed (Settings.ratings).
        self.rating_change_days = 15
        #: Files and acts on requests (留言 …); the entry point sets the one built from the settings.
        self.requests: RequestDesk | None = None

    def desk(self) -> RequestDesk:
        if self.requests is None:
            self.requests = desk_for(self.catalog, self.calendar, RequestDays())
        return self.requests

    async def cases_of(self, user_id: int) -> list[CaseSummary]:
        rows = await Case.filter(user_id=user_id).order_by("-id").limit(10)
        return [CaseSummary(c.number, c.scenario_id, c.status, c.created_at, bool(c.owed)) for c in rows]

    async def earlier_material(self, user_id: int, key: str) -> EarlierMaterial | None:
        if self.caseless.get(user_id):
            return None
        case_id = await latest_case_with(user_id, key)
        if case_id is None:
            return None
        files = await Material.filter(case_id=case_id, key=key).order_by("id")
        case = await Case.get(id=case_id)
        filed = case.created_at.astimezone(SHANGHAI).date()
        return EarlierMaterial(case.number, [_described(m) for m in files], case.scenario_id, filed)

    async def earlier_identity(self, user_id: int, keys: tuple[str, ...]) -> EarlierIdentity | None:
        if self.caseless.get(user_id):
            return None
        for number, answers in await recent_answers(user_id, 5):
            given = {k: str(answers[k]) for k in keys if answers.get(k)}
            if given:
                return EarlierIdentity(given, number)
        return None

    async def supplement_for(self, user_id: int, number: str) -> Supplement | None:
        case = await Case.get_or_none(number=number, user_id=user_id)
        if case is None or case.status in CLOSED:
            return None
        items = await CaseItem.filter(case=case).order_by("id")
        waiting = [i for i in items if i.status == ItemStatus.SUPPLEMENT_REQUESTED]
        if not waiting and not case.owed:
            return None
        asked: dict[str, set[str]] = {"fields": set(), "materials": set()}
        for item in waiting:
            for kind in asked:
                asked[kind].update(item.supplement.get(kind, []))
        materials: dict[str, list[dict[str, Any]]] = {}
        for material in await Material.filter(case=case).order_by("id"):
            materials.setdefault(material.key, []).append(_described(material))
        return Supplement(
            number,
            case.scenario_id,
            dict(case.answers),
            materials,
            [i.item_key for i in items],
            sorted(asked["fields"]),
            sorted(asked["materials"]),
            note="；".join(i.note for i in waiting if i.note),
            owed=list(case.owed),
            requested=bool(waiting),
        )

    async def case_view(self, user_id: int, number: str) -> CaseView | None:
        case = await Case.get_or_none(number=number, user_id=user_id)
        if case is None:
            return None
        items = [
            ItemView(i.item_key, i.department, i.status, i.due_date, i.note, i.updated_at)
            for i in await CaseItem.filter(case=case).order_by("id")
        ]
        return CaseView(
            case.number,
            case.scenario_id,
            case.status,
            case.created_at,
            case.due_date,
            items,
            case.owed,
            case.promised,
            await visits.views(case.id),
        )

    async def staff_ref(self, user_id: int) -> str | None:
        user = await User.get(id=user_id)
        member = await member_on(user.channel, user.external_id)
        return member.ref if member else None

    async def requests_of(self, user_id: int) -> list[RequestSummary]:
        return [
            RequestSummary(
                r.number,
                RequestKind(r.kind),
                r.subkind,
                RequestStatus(r.status),
                r.department,
                r.text,
                r.due_date,
                r.answer,
                Level(r.rating) if r.rating else None,
                r.resolved,
            )
            for r in await of_user(user_id)
        ]

    async def case_for_draft(self, draft_id: str) -> str | None:
        case = await Case.get_or_none(draft_id=draft_id).only("number")
        return case.number if case else None

    async def live_chat(self, user_id: int) -> LiveView | None:
        chat = await open_chat(user_id)
        return LiveView(chat.id, chat.status) if chat else None

    async def ratable(self, user_id: int, number: str) -> list[RatableItem]:
        return await ratings.ratable(user_id, number)

    def begun(self, user_id: int) -> None:
        """A person created just now has no conversation and no case yet: their first load need not ask the
        database, nor their first errand's questions for earlier answers and documents."""
        self.cache.put(user_id, ("{}", None))
        self.caseless.put(user_id, True)

    async def load(self, user_id: int) -> Snapshot:
        """The saved conversation and its version, from memory when this process wrote it last."""
        cached = self.cache.get(user_id)
        if cached is None:
            row = await ConversationState.get_or_none(user_id=user_id)
            cached = (Conversation.from_json(row.state if row else {}).to_text(), row.version if row else None)
            self.cache.put(user_id, cached)
        return Snapshot(Conversation.from_json(orjson.loads(cached[0])), cached[1])

    async def save(
        self,
        user_id: int,
        snapshot: Snapshot,
        effects: list[Effect],
        now: dt.datetime,
        alongside: Part[Any] | None = None,
    ) -> list[Saved]:
        """Save the step and carry out its effects, all or nothing, before anyone is answered.

        `alongside` is written in the same transaction (the web chat's history of the step).

        Returns what the engine answers afterwards: the cases it filed (numbered in the same
        transaction) and the link codes it tried.
        Raises StaleConversation when another process saved this conversation since the
        snapshot was loaded; the caller loads it again and reruns the step.
        """
        filed: list[Saved] = []
        conv, version = snapshot.conversation, snapshot.version
        text = conv.to_text()  # once, for the row and for this process's cache
        # The statement every step makes, one for the whole batch: its conversation's next version (or first).
        parts: list[Part[Any]] = [Part(ADVANCES, Advance(user_id, version, text, conv.scenario, now))]
        if alongside is not None:
            parts.append(alongside)

        async def write() -> None:  # run again alone if its batch failed: start from nothing each time
            filed.clear()
            for effect in effects:
                if done := await self._apply(user_id, effect, now, (version or 0) + 1):
                    filed.append(done)

        alone = any(isinstance(e, NUMBERED) for e in effects)
        try:
            await self.commits.run(write if effects else None, alone, parts)
        except Exception:  # whatever failed, the saved row is the truth now
            self.cache.drop(user_id)
            raise
        self.cache.put(user_id, (text, (version or 0) + 1))
        return filed

    async def _apply(self, user_id: int, effect: Effect, now: dt.datetime, version: int) -> Saved | None:
        """Carry out one effect inside the save's transaction; what the engine must answer, if anything."""
        if isinstance(effect, SubmitCase | LinkResident):  # a case of theirs from now on (if this commits)
            self.caseless.drop(user_id)
        match effect:
            case Speak():
                await jobs.speak(user_id, version, effect.texts, effect.locale)
            case ResubmitCase():
                await resubmit(effect, user_id, self.catalog)
            case SubmitCase():
                return await self._file_case(user_id, effect, now)
            case LinkResident():
                return await linking.link(user_id, effect.code, now)
            case AskVisitChange():
                await _ask_visit_change(user_id, effect)
            case AskForPerson():
                return await self.live.ask(user_id, effect, now)
            case SayToPerson():
                await self.live.say(user_id, effect.text, now)
            case EndLive():
                await self.live.end(user_id, now)
            case RateLive():
                await self.live.rate(user_id, effect.chat_id, effect.level, now)
            case LeaveMessage():
                return await self.live.leave_message(user_id, effect, now)
            case RateItem():
                followups = ratings.followups_from(self.desk())
                if await ratings.rate(user_id, effect, now, self.rating_change_days, followups) is None:
                    log.info("rating of %s %s by user %s refused", effect.number, effect.item_key, user_id)
            case FileRequest():
                return await self._file_request(user_id, effect, now)
            case ActOnRequest():
                acted = await self.desk().act_as_resident(user_id, effect.number, effect.verb, effect.value)
                refused = acted.key if isinstance(acted, Refusal) else ""
                return RequestActed(effect.number, effect.verb, effect.value, refused)
            case _:
                assert_never(effect)
        return None

    async def _file_case(self, user_id: int, effect: SubmitCase, now: dt.datetime) -> Filed:
        scenario = self.catalog.scenarios[effect.scenario_id]
        due = item_due_dates(self.catalog, self.calendar, scenario, effect.items, now.date())
        number = await next_case_number(now.date())
        past = [d for d in due.values() if d is not None and self.calendar.spans_unknown(now.date(), d)]
        if past:
            log.warning("case %s: due date %s counted past the holiday calendar, marked provisional",
                        number, max(past))  # fmt: skip
        case = await file_case(effect, number, user_id, scenario, due, bool(past))
        return Filed(number, await linking.issue(case, now) if effect.proxy else "")

    async def _file_request(self, user_id: int, effect: FileRequest, now: dt.datetime) -> RequestFiled:
        request = await self.desk().file(
            user_id, RequestKind(effect.kind), effect.text, subkind=effect.subkind,
            department=effect.department or None, locale=effect.locale, publishable=effect.publishable,
            payload=dict(effect.payload), today=now.date(),
        )  # fmt: skip
        return RequestFiled(
            request.number, request.kind, request.subkind, request.department, request.due_date, request.due_provisional
        )


async def _ask_visit_change(user_id: int, effect: AskVisitChange) -> None:
    refused = await visits.ask_change(user_id, effect.number, VisitKind(effect.kind), effect.wish)
    if refused:  # the visit moved on since the step read it: the cards show what holds now
        log.info("case %s: a wish for another %s time was not taken (%s)", effect.number, effect.kind,
                 refused)  # fmt: skip


#: Effects that take the next number from a day's counter row (a case, a request, a 留言): their saves run in
#: a transaction of their own. The 10,000-resident run on PostgreSQL found a case filed in a batch whose
#: commit came 54 s later: the counter's row lock was held while the batch ran on, and batches in the
#: other serve process that filed a case waited for it.
NUMBERED = (SubmitCase, FileRequest, LeaveMessage)


class _Advances:
    """The conversations of a batch of saves, each to its next version (or its first), in one statement; a
    save whose conversation another process saved first fails with StaleConversation and writes nothing else."""

    order = 0

    async def write(self, items: Sequence[Advance]) -> list[Exception | None]:
        written = await advance(items)
        outcomes: list[Exception | None] = []
        for item in items:  # a person twice in one batch (never by one process's steps): the first is written
            outcomes.append(None if item.user_id in written else StaleConversation(item.user_id))
            written.discard(item.user_id)
        return outcomes


ADVANCES = _Advances()


def _json_bytes(entry: tuple[str, int | None]) -> int:
    return sys.getsizeof(entry[0]) + 120  # the string, and the tuple, int and dict slot around it


def _described(material: Material) -> dict[str, object]:
    return {
        "name": material.filename,
        "size": material.size,
        "kind": material.kind,
        "mime": material.mime,
        "sha256": material.sha256,
        "scanned": bool(material.scanned),
    }
