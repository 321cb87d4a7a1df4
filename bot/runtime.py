"""Runs one event through the engine: lock the user, load, step, save, then reply."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any, assert_never

from bot.files import FileStore, accepted_files
from bot.holidays import load_calendar
from bot.locks import KeyedLocks, Locks
from bot.pagespdf import assemble, awaiting_assembly, described
from casework.commits import Part
from casework.live import LiveDesk
from casework.livehours import LivePolicy
from casework.lru import LRU
from casework.ports import Channels
from casework.repository import CACHE_BYTES, SHANGHAI, Snapshot, StaleConversation, TortoiseRepository
from casework.request_rules import routing_department
from casework.requests import RequestDesk
from handlers import engine
from handlers.catalog import Catalog
from handlers.context import EngineContext, Search, ServiceHall
from handlers.conversation import Conversation
from handlers.effects import Filed, Linked, LiveAsked, MessageLeft, RequestActed, RequestFiled, Saved
from handlers.events import InboundEvent, IncomingFile, Reply, StepResult
from handlers.workdays import WorkCalendar
from locales import normalise, translate
from models.conversation import ConversationState
from models.user import User, user_for

log = logging.getLogger(__name__)

#: Most bytes the people looked up by channel and reference may hold in one process.
USER_CACHE_BYTES = 16 << 20
#: Times a step is run again when another process saved the same conversation first.
STALE_RETRIES = 3
#: A step slower than this is logged with where its time went.
SLOW_STEP_SECONDS = 5.0

#: What was said at a step, to be written inside the step's own save (one transaction, one flush): given the
#: replies of that save and which save it is (0 the step itself, then 1, 2, … for the engine's answers after
#: it, such as a receipt), the part of the save that writes them.
Transcript = Callable[[list[Reply], int], Part[Any]]


class _Phases:
    """Where a step's time went (waiting for its lock, loading, the engine, the save, the answers after it),
    logged when the step took longer than SLOW_STEP_SECONDS: the load test's late replies were found by it."""

    def __init__(self) -> None:
        self.marks = [("", time.perf_counter())]  # each phase's end; added up only for a slow step

    def mark(self, phase: str) -> None:
        self.marks.append((phase, time.perf_counter()))

    def slow(self) -> bool:
        return self.marks[-1][1] - self.marks[0][1] > SLOW_STEP_SECONDS

    def __str__(self) -> str:
        spent: dict[str, float] = {}
        for (_, began), (phase, ended) in itertools.pairwise(self.marks):
            spent[phase] = spent.get(phase, 0.0) + ended - began
        return ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in spent.items())


def shanghai_now() -> dt.datetime:
    return dt.datetime.now(SHANGHAI)


def _own_desk(catalog: Catalog, calendar: WorkCalendar, now: Callable[[], dt.datetime]) -> RequestDesk:
    """Without the entry point's desk, one on this runtime's clock: a 补正 restarts the clock from its day."""
    departments, routing = list(catalog.departments), routing_department(catalog)
    return RequestDesk(calendar, departments, routing, clock=now)


def _repository(
    catalog: Catalog,
    calendar: WorkCalendar,
    live: LiveDesk,
    cache_bytes: int,
    shared: bool,
    requests: RequestDesk,
    rating_change_days: int,
) -> TortoiseRepository:
    # With shared locks other processes save this person's steps too: read the row every time.
    repo = TortoiseRepository(catalog, calendar, live, cache_bytes, cached=not shared)
    repo.requests = requests
    repo.rating_change_days = rating_change_days
    return repo


class Runtime:
    """The one door from every channel into the engine."""

    def __init__(
        self,
        catalog: Catalog,
        search: Search,
        channels: Channels | None = None,
        now: Callable[[], dt.datetime] = shanghai_now,
        calendar: WorkCalendar | None = None,
        after_commit: Callable[[], None] | None = None,
        files: FileStore | None = None,
        retention_days: int = 1095,
        hall: ServiceHall | None = None,
        locks: Locks | None = None,
        cache_bytes: int = CACHE_BYTES,
        live: LivePolicy | None = None,
        rating_change_days: int = 15,
        requests: RequestDesk | None = None,
    ) -> None:
        self.catalog, self.search, self.now = catalog, search, now
        self.channels = channels or Channels()
        calendar = calendar or load_calendar(catalog.directory)
        requests = requests or _own_desk(catalog, calendar, now)
        #: 人工客服: the queues of handovers to staff, with the service hours of each department.
        self.live = LiveDesk(catalog, calendar, live, lambda: self.now(), requests)
        #: Whether other serve processes take this person's steps too (what a channel may keep between them).
        self.shared = locks is not None
        self.repo = _repository(catalog, calendar, self.live, cache_bytes, self.shared, requests, rating_change_days)
        #: Called after a step whose effects queued work, so the outbox relay sends it at once.
        self.after_commit = after_commit
        #: Where uploads are staged; a step's verdict keeps or drops them (None: left for the sweep).
        self.files = files
        #: Told in the privacy notice (Settings.privacy).
        self.retention_days = retention_days
        #: One step per person at a time: in this process, or (SharedLocks) across every serve process.
        self.locks: Locks = locks or KeyedLocks()
        self.users = LRU[tuple[str, str], User](50_000, USER_CACHE_BYTES)
        #: Makes a case's printable receipt link; set where a web app serves the page (bot.web).
        self.receipt_link: Callable[[str], str] | None = None
        self.hall = hall or ServiceHall()

    def context(self, user_id: int) -> EngineContext:
        return EngineContext(
            self.catalog,
            self.repo,
            translate,
            self.search,
            self.now,
            user_id,
            self.receipt_link,
            self.retention_days,
            self.hall,
            self.repo.rating_change_days,
        )

    async def handle(
        self, event: InboundEvent, language: str | None = None, transcript: Transcript | None = None
    ) -> list[Reply]:
        """One event through the engine; the staged files it brought are kept only if the step took them.

        A channel that keeps a history (the web chat) passes `transcript` to write it with the step.
        """
        return (await self.handled(event, language, transcript))[0]

    async def handled(
        self, event: InboundEvent, language: str | None = None, transcript: Transcript | None = None
    ) -> tuple[list[Reply], Conversation]:
        """`handle`, with the conversation as the step saved it (for a channel that shows its state)."""
        kept: set[str] = set()
        staged = list(event.files)
        try:
            replies, conv, made = await self._step(event, language, transcript)
            staged += made
            if staged:  # the pages of a document given in parts are kept until it is finished
                kept = accepted_files(conv.materials) | accepted_files(conv.partial) | accepted_files(_photos(conv))
        finally:
            if staged and self.files is not None:
                self.files.settle(staged, kept)
        return replies, conv

    async def expects_file(self, channel: str, user_ref: str) -> bool:
        """Whether this person's conversation could take a file now (read only, from the cache)."""
        user = await self.user(channel, user_ref, None)
        return engine.expects_file((await self.repo.load(user.id)).conversation)

    async def document_step(self, channel: str, user_ref: str) -> str | None:
        """The document step this person is at now, if any (read only, from the cache): a file sent now is for it."""
        user = await self.user(channel, user_ref, None)
        return engine.document_step((await self.repo.load(user.id)).conversation)

    async def _step(
        self, event: InboundEvent, language: str | None, transcript: Transcript | None = None
    ) -> tuple[list[Reply], Conversation, list[IncomingFile]]:
        clock = _Phases()
        async with self.locks.hold(f"{event.channel}:{event.user_ref}"):
            clock.mark("lock")
            user = await self.user(event.channel, event.user_ref, language)
            for attempt in range(STALE_RETRIES):
                snapshot = await self.repo.load(user.id)
                conv = snapshot.conversation
                if not snapshot.saved:
                    conv.locale = user.locale
                clock.mark("load")
                result = await engine.step(conv, event, self.context(user.id))
                made = await self._assembled(conv)
                said = _said(transcript, result.replies, 0)
                clock.mark("engine")
                try:
                    saved = await self.repo.save(user.id, snapshot, result.effects, self.now(), said)
                    break
                except StaleConversation:
                    log.info("conversation of user %s changed elsewhere; stepping again", user.id)
                    if attempt == STALE_RETRIES - 1:
                        raise
                finally:
                    clock.mark("save")
            # The version this save wrote: each answer below is saved as the step after it.
            snapshot = Snapshot(conv, (snapshot.version or 0) + 1)
            for index, done in enumerate(saved, start=1):
                result, snapshot = await self._answer(user.id, snapshot, done, result, transcript, index)
            clock.mark("answers")
            if conv.locale != user.locale:
                user.locale = conv.locale
                await User.filter(id=user.id).update(locale=conv.locale)
        if clock.slow():
            log.warning("slow step of user %s (%s): %s", user.id, event.channel, clock)
        if result.effects and self.after_commit:
            self.after_commit()
        return result.replies, conv, made

    async def _assembled(self, conv: Conversation) -> list[IncomingFile]:
        """Photos of a PDF-only document's pages, made into one PDF before the step is saved."""
        made: list[IncomingFile] = []
        for key in awaiting_assembly(conv.materials) if self.files is not None else []:
            assert self.files is not None
            pages = conv.materials[key]
            pdf = await assemble(self.files, key, pages)
            if pdf is not None:
                conv.materials[key] = [described(pdf, pages)]
                made.append(pdf)
        return made

    async def _answer(
        self,
        user_id: int,
        snapshot: Snapshot,
        done: Saved,
        before: StepResult,
        transcript: Transcript | None,
        index: int,
    ) -> tuple[StepResult, Snapshot]:
        """The engine's answer to what the save did (a receipt, a link's outcome), saved as the step after it."""
        conv = snapshot.conversation
        match done:
            case Filed():
                log.info("case %s filed", done.number)
                answer = await engine.filed(conv, done.number, self.context(user_id), done.link_code)
            case Linked():
                log.info("link code of user %s: %s", user_id, done.outcome)
                answer = await engine.linked(conv, done, self.context(user_id))
            case LiveAsked():
                log.info("user %s asked for a person: %s", user_id, done.outcome)
                answer = await engine.live_answered(conv, done, self.context(user_id))
            case MessageLeft():
                log.info("user %s left message %s instead of a person", user_id, done.number)
                answer = await engine.message_left(conv, done, self.context(user_id))
            case RequestFiled():
                log.info("request %s filed", done.number)
                answer = await engine.request_filed(conv, done, self.context(user_id))
            case RequestActed():
                answer = await engine.request_acted(conv, done, self.context(user_id))
            case _:
                assert_never(done)
        try:
            await self.repo.save(
                user_id, snapshot, answer.effects, self.now(), _said(transcript, answer.replies, index)
            )
        except StaleConversation:  # the work is saved; a repeated tap says so and leaves
            log.warning("conversation of user %s changed while its step was answered", user_id)
        merged = StepResult([*before.replies, *answer.replies], [*before.effects, *answer.effects])
        return merged, Snapshot(conv, (snapshot.version or 0) + 1)

    def met(self, channel: str, user: User) -> None:
        """A person the channel created just now: the first step need not look them or their conversation up."""
        self.users.put((channel, user.external_id), user)
        self.repo.begun(user.id)

    async def user(self, channel: str, user_ref: str, language: str | None) -> User:
        key = (channel, user_ref)
        user = self.users.get(key)
        if user is None:
            user = await user_for(channel, user_ref, normalise(language))
            self.users.put(key, user)
        return user

    async def remind_idle(self, idle: dt.timedelta) -> int:
        """Push one gentle reminder to each conversation left unfinished for longer than idle."""
        cutoff = self.now() - idle
        rows = await ConversationState.filter(
            scenario__isnull=False, updated_at__lt=cutoff, reminded_at__isnull=True
        ).prefetch_related("user")
        sent = 0
        for row in rows:
            conv = Conversation.from_json(row.state)
            replies = await engine.remind(conv, self.context(row.user.id))
            claimed = await ConversationState.filter(id=row.id, reminded_at__isnull=True).update(reminded_at=self.now())
            if claimed and await self.channels.push(row.user.channel, row.user.external_id, replies):
                sent += 1
        return sent


def _said(transcript: Transcript | None, replies: list[Reply], index: int) -> Part[Any] | None:
    """The part of a save that writes its replies into the transcript (None: no transcript)."""
    return None if transcript is None else transcript(replies, index)


def _photos(conv: Conversation) -> dict[str, list[dict[str, object]]]:
    """The photos of a 留言 being written, kept like a document's."""
    return {"photos": list((conv.message or {}).get("photos", []))}
