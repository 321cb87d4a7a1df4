"""Joint site visits (联合现场勘验, 联合竣工验收): one time for every department, agreed on the cards.

The source's 水电气暖信联合报装 promises "一次现场勘验、一次竣工验收": the utilities come once,
together. The lead department proposes a time; each department with a live item in the case
confirms it on its card (or says it cannot come, with a reason); once all have confirmed the time
is fixed and the applicant is told. The applicant may ask for another time, and the lead
proposes again. The completion acceptance follows the same rules once the survey is fixed.

Rules only: no storage and no channel. ``casework.decisions`` applies them under row locks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from handlers.workdays import WorkCalendar


class VisitKind(StrEnum):
    """Which joint visit: the site survey before the works, or the acceptance after them."""

    SURVEY = "survey"
    COMPLETION = "completion"


class VisitStatus(StrEnum):
    """Where an appointment stands; stored as its value."""

    #: Nobody has proposed a time yet.
    UNSCHEDULED = "unscheduled"
    #: The lead proposed a time; departments are confirming.
    PROPOSED = "proposed"
    #: Every department confirmed: the applicant has been told the one time.
    FIXED = "fixed"
    #: The applicant asked for another time: the lead proposes again.
    CHANGE_ASKED = "change_asked"


class VisitVerb(StrEnum):
    """What someone does to an appointment; also the audit log's action (prefixed ``visit_``)."""

    PROPOSE = "propose"
    CONFIRM = "confirm"
    DECLINE = "decline"
    #: The applicant asks for another time (never a staff button).
    ASK_CHANGE = "ask_change"


#: Verbs that need words: the time proposed, the reason a department cannot come, the applicant's wish.
NEEDS_TEXT = frozenset({VisitVerb.PROPOSE, VisitVerb.DECLINE, VisitVerb.ASK_CHANGE})
#: The audit log's word for the last confirmation fixing the time (the applicant is told of this one).
FIXED = "fixed"
#: Earliest and latest hour of a proposed visit (working hours on site).
EARLIEST, LATEST = dt.time(8, 0), dt.time(18, 0)
#: How far ahead a visit may be proposed.
HORIZON = dt.timedelta(days=90)


def action_of(verb: VisitVerb | str, kind: VisitKind) -> str:
    """The audit log's action of a verb (or of ``FIXED``) on one visit: ``visit_confirm:survey``."""
    return f"visit_{verb}:{kind}"


def fixed_actions() -> list[str]:
    """Every action the applicant is told of: a visit's time fixed."""
    return [action_of(FIXED, kind) for kind in VisitKind]


def parse_action(action: str) -> tuple[str, VisitKind] | None:
    """``visit_fixed:survey`` as ("fixed", SURVEY); None for any other action."""
    head, _, kind = action.partition(":")
    if not head.startswith("visit_") or kind not in set(VisitKind):
        return None
    return head.removeprefix("visit_"), VisitKind(kind)


@dataclass(frozen=True)
class Appointment:
    """One joint visit of a case as the rules see it."""

    kind: VisitKind
    lead: str
    status: VisitStatus = VisitStatus.UNSCHEDULED
    at: dt.datetime | None = None
    #: Bumped at every proposal: a confirmation is for one proposal, never a later one.
    round: int = 0
    confirmed: tuple[str, ...] = ()
    #: department -> why it cannot come at the proposed time.
    declined: dict[str, str] = field(default_factory=dict)
    #: What the applicant said when asking for another time.
    change_asked: str = ""

    def waiting_for(self, participants: tuple[str, ...]) -> tuple[str, ...]:
        """Departments that have not yet confirmed the proposed time."""
        if self.status != VisitStatus.PROPOSED:
            return ()
        return tuple(d for d in participants if d not in self.confirmed)


@dataclass(frozen=True)
class VisitFacts:
    """One joint visit as cards, the staff page and the case view show it."""

    appointment: Appointment
    place: str
    #: The departments that must come (every department with an item not rejected).
    participants: tuple[str, ...]

    @property
    def waiting_for(self) -> tuple[str, ...]:
        return self.appointment.waiting_for(self.participants)


@dataclass(frozen=True)
class VisitMove:
    """The appointment after a verb, and whether the time became fixed with it."""

    appointment: Appointment
    fixed: bool = False


@dataclass(frozen=True)
class VisitRefusal:
    """A verb that was not carried out: ``key`` names the polite message in the locales."""

    key: str


def move(
    current: Appointment,
    verb: VisitVerb,
    department: str,
    participants: tuple[str, ...],
    *,
    at: dt.datetime | None = None,
    text: str = "",
    earlier: Appointment | None = None,
) -> VisitMove | VisitRefusal:
    """Apply ``verb`` by ``department`` (the applicant for ASK_CHANGE: any value) to ``current``.

    ``participants`` are the departments that must come; ``earlier`` is the visit that must be
    fixed first (the survey, for the completion acceptance).
    """
    match verb:
        case VisitVerb.PROPOSE:
            return _propose(current, department, at, earlier)
        case VisitVerb.CONFIRM | VisitVerb.DECLINE:
            return _answer(current, verb, department, participants, text)
        case VisitVerb.ASK_CHANGE:
            return _ask_change(current, text)


def _propose(
    current: Appointment, department: str, at: dt.datetime | None, earlier: Appointment | None
) -> VisitMove | VisitRefusal:
    if department != current.lead:
        return VisitRefusal("visit.refused.not_lead")
    if earlier is not None and earlier.status != VisitStatus.FIXED:
        return VisitRefusal("visit.refused.survey_first")
    if at is None:
        return VisitRefusal("visit.refused.no_time")
    return VisitMove(Appointment(current.kind, current.lead, VisitStatus.PROPOSED, at, current.round + 1))


def _answer(
    current: Appointment, verb: VisitVerb, department: str, participants: tuple[str, ...], text: str
) -> VisitMove | VisitRefusal:
    """A participant confirms the proposed time, or declines it with a reason; the last confirmation fixes it."""
    if department not in participants:
        return VisitRefusal("visit.refused.not_participant")
    if current.status != VisitStatus.PROPOSED:
        return VisitRefusal("visit.refused.not_proposed")
    if department in current.confirmed:
        return VisitRefusal("visit.refused.already_confirmed")
    if verb == VisitVerb.DECLINE:
        if not text:
            return VisitRefusal("visit.refused.needs_reason")
        return VisitMove(_with(current, declined={**current.declined, department: text}))
    declined = {d: why for d, why in current.declined.items() if d != department}
    confirmed = (*current.confirmed, department)
    if all(d in confirmed for d in participants):
        return VisitMove(_with(current, status=VisitStatus.FIXED, confirmed=confirmed, declined={}), True)
    return VisitMove(_with(current, confirmed=confirmed, declined=declined))


def _ask_change(current: Appointment, text: str) -> VisitMove | VisitRefusal:
    if current.status not in (VisitStatus.PROPOSED, VisitStatus.FIXED):
        return VisitRefusal("visit.refused.nothing_to_change")
    if not text:
        return VisitRefusal("visit.refused.needs_wish")
    return VisitMove(_with(current, status=VisitStatus.CHANGE_ASKED, confirmed=(), change_asked=text))


def _with(current: Appointment, **changes: object) -> Appointment:
    values = {
        "kind": current.kind,
        "lead": current.lead,
        "status": current.status,
        "at": current.at,
        "round": current.round,
        "confirmed": current.confirmed,
        "declined": current.declined,
        "change_asked": current.change_asked,
        **changes,
    }
    return Appointment(**values)  # type: ignore[arg-type]


_WHEN = re.compile(
    r"^\s*(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"\s*(?:T|\s)?\s*(?P<pm>上午|下午)?\s*(?P<h>\d{1,2})\s*[:：点时]\s*(?P<min>\d{1,2}|半)?\s*分?\s*$"
)


def parse_when(text: str, today: dt.date) -> dt.datetime | None:
    """A proposed time as staff type it: ``2026-12-10 09:30``, ``12月10日 9:30``, ``12月10日下午2点半``.

    Without a year, the next such date from today. None when it is not a time."""
    found = _WHEN.match(text.strip())
    if found is None:
        return None
    hour = int(found["h"])
    minute = 30 if found["min"] == "半" else int(found["min"] or 0)
    if found["pm"] == "下午" and hour < 12:
        hour += 12
    try:
        year = int(found["y"]) if found["y"] else today.year
        day = dt.date(year, int(found["m"]), int(found["d"]))
        if not found["y"] and day < today:
            day = day.replace(year=year + 1)
        return dt.datetime.combine(day, dt.time(hour, minute))
    except ValueError:
        return None


def check_time(at: dt.datetime, now: dt.datetime, calendar: WorkCalendar) -> str | None:
    """Why a proposed time cannot be used (a locale key), or None: a working day, in working hours,
    later than now and within the horizon. ``now`` and ``at`` are local wall-clock times."""
    if at <= now:
        return "visit.refused.past"
    if at - now > HORIZON:
        return "visit.refused.too_far"
    if not calendar.is_workday(at.date()):
        return "visit.refused.not_workday"
    if not EARLIEST <= at.time() <= LATEST:
        return "visit.refused.hours"
    return None


@dataclass(frozen=True)
class VisitPress:
    """A button for a joint visit on a staff card: ``visit:<card>:<version>:<kind>:<verb>``.

    Like ``CardPress``, the card version makes a press on an outdated card detectable, and
    ``unpack`` answers None for anything else, never raising.
    """

    card_id: int
    version: int
    kind: VisitKind
    verb: VisitVerb

    PREFIX: ClassVar[str] = "visit"

    def pack(self) -> str:
        return f"{self.PREFIX}:{self.card_id}:{self.version}:{self.kind}:{self.verb}"

    @classmethod
    def unpack(cls, data: str) -> VisitPress | None:
        parts = data.split(":")
        if len(parts) != 5 or parts[0] != cls.PREFIX:
            return None
        if parts[3] not in set(VisitKind) or parts[4] not in set(VisitVerb) or parts[4] == VisitVerb.ASK_CHANGE:
            return None
        try:
            return cls(int(parts[1]), int(parts[2]), VisitKind(parts[3]), VisitVerb(parts[4]))
        except ValueError:
            return None
