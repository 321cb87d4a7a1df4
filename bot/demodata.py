"""`yijianshi demo-data`: a few weeks of sample cases, so the desk's worklist and statistics show something.

Cases are filed with ``casework.file_case`` and routed with ``casework.route_case``, as a chat
would file them, and decided through ``Decisions.decide``, the one staff decision path; only
their moments are then moved back into the past weeks. Each sample case has a fixed draft id
(``demo-000`` ...), so a second run tops up what is missing and changes nothing else. Notices
and card posts the samples queued are dropped: nobody stands behind a sample case.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from bot.staff.demo import DEMO_ACCOUNTS
from casework.assignment import assign
from casework.casework import file_case, item_due_dates, next_case_number, resubmit, route_case
from casework.decisions import Asked, Decision, Decisions
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.catalog import Catalog
from handlers.catalog.schema import Question, Scenario
from handlers.effects import ResubmitCase, SubmitCase
from handlers.identity import id_check_char
from handlers.lifecycle import StaffAction
from handlers.workdays import WorkCalendar
from locales import translate
from models import db
from models.case import Case, CaseEvent, CaseItem
from models.outbox import Outbox
from models.staff import Role, StaffCard, StaffMember
from models.user import User

#: How many sample cases, over how many days back.
COUNT, DAYS = 48, 28
DRAFT = "demo-{:03d}"
SCENARIOS = (
    *("convenience-store", "gym", "ev-charger-home", "open-company"),
    *("new-car-plate", "hotel", "retirement", "solar-pv"),
)
CHANNELS = ("web", "web", "telegram", "wechat")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐强", "孙丽")
#: Each colleague a demo department has besides the member the demo sign-in creates.
COLLEAGUE = "王明"
LANG = "zh_CN"
REASONS = ("经审核，申请人不符合办理条件。", "申请事项不属于本部门职责范围，请向有权部门申请。")


@dataclass(frozen=True)
class Seeded:
    """What a run did: cases filed now, and cases that were there already."""

    filed: int
    existing: int


async def seed(catalog: Catalog, calendar: WorkCalendar, public_url: str, count: int = COUNT) -> Seeded:
    """File the sample cases that are missing; returns how many were filed and how many were there."""
    wanted = [DRAFT.format(i) for i in range(count)]
    present = set(await Case.filter(draft_id__in=wanted).values_list("draft_id", flat=True))
    outbox_before = await Outbox.all().order_by("-id").first().values_list("id", flat=True) or 0
    desk = _Desk(catalog, calendar, Decisions(CardDrawer(catalog, public_url)), db.now().date())
    for i, draft in enumerate(wanted):
        if draft not in present:
            await desk.sample(i, draft)
    await Outbox.filter(id__gt=outbox_before).delete()  # nobody waits for a sample's notice
    return Seeded(len(wanted) - len(present), len(present))


@dataclass(frozen=True)
class _Desk:
    """Files one sample case and works on it as its departments might have."""

    catalog: Catalog
    calendar: WorkCalendar
    decisions: Decisions
    today: dt.date

    async def sample(self, i: int, draft: str) -> None:
        rng = random.Random(i)
        scenario = self.catalog.scenarios[SCENARIOS[i % len(SCENARIOS)]]
        day = self.today - dt.timedelta(days=rng.randrange(DAYS))
        case = await self._file(i, draft, scenario, day, rng)
        age = self.calendar.workdays_between(day, self.today)
        for item in await CaseItem.filter(case=case).order_by("id"):
            await self._work_on(case, scenario, item, rng, day, age)
        for card in await StaffCard.filter(case=case).prefetch_related("case"):
            await self.decisions.drawer.draw(card)  # the staff page's copy, with any assignment on it

    async def _file(self, i: int, draft: str, scenario: Scenario, day: dt.date, rng: random.Random) -> Case:
        filed_at = dt.datetime.combine(day, dt.time(9 + rng.randrange(8), rng.randrange(60)), db.now().tzinfo)
        channel = CHANNELS[rng.randrange(len(CHANNELS))]
        user, _ = await User.get_or_create(channel=channel, external_id=draft, defaults={"elder_mode": i % 6 == 0})
        items = tuple(item.key for item in scenario.items if item.condition is None) or (scenario.items[0].key,)
        answers = _answers(scenario, rng, i)
        effect = SubmitCase(scenario.id, draft, answers, items, {}, LANG, privacy_consented_at=filed_at.isoformat())
        due = item_due_dates(self.catalog, self.calendar, scenario, items, day)
        async with in_transaction():
            case = await file_case(effect, await next_case_number(day), user.id, scenario, due)
            await route_case(case.id, self.decisions.drawer, chats=False)  # nobody waits for a sample's post
        await Case.filter(id=case.id).update(created_at=filed_at)
        await CaseEvent.filter(case_id=case.id).update(created_at=filed_at)
        case.created_at = filed_at
        return case

    async def _work_on(
        self, case: Case, scenario: Scenario, item: CaseItem, rng: random.Random, day: dt.date, age: int
    ) -> None:
        """Move one item as far as a real department might have by now: the older the case, the further."""
        roll = rng.random()
        if age < 1 or roll < 0.25:
            return  # still waiting for acceptance
        if roll < 0.35:
            await self._press(item, StaffAction.SUPPLEMENT, day, 1, asked=_asked(scenario, rng))
            if rng.random() < 0.5:
                await resubmit(ResubmitCase(case.number, {}, {}), case.user_id, self.catalog)  # type: ignore[attr-defined]
            return
        if roll < 0.45:
            await self._press(item, StaffAction.REJECT, day, 1 + rng.randrange(3), REASONS[rng.randrange(len(REASONS))])
            return
        await self._press(item, StaffAction.ACCEPT, day, 1)
        if rng.random() < 0.4:
            colleague, _ = await StaffMember.get_or_create(
                channel="demo",
                external_id=f"demo-{item.department}-2",
                defaults={"name": COLLEAGUE, "department": item.department},
            )
            await assign(await self._member(item.department), item.id, colleague.id)
        if age > 3 and roll > 0.6:
            await self._press(item, StaffAction.APPROVE, day, min(age, 2 + rng.randrange(8)))

    async def _press(
        self, item: CaseItem, action: StaffAction, day: dt.date, after: int, note: str = "", asked: Asked | None = None
    ) -> None:
        """Press through the one decision path, then date the event ``after`` working days after filing."""
        card = await StaffCard.get(case_id=item.case_id, department=item.department)  # type: ignore[attr-defined]
        press = CardPress(card.id, card.version, action, item.id)
        outcome = await self.decisions.decide(await self._member(item.department), press, note, asked)
        assert isinstance(outcome, Decision), outcome
        moment = dt.datetime.combine(self.calendar.add_workdays(day, after), dt.time(15, 0), db.now().tzinfo)
        last = await CaseEvent.filter(item_id=item.id, action=action).order_by("-id").first()
        if last is not None:
            await CaseEvent.filter(id=last.id).update(created_at=min(moment, db.now()))

    async def _member(self, department: str) -> StaffMember:
        """The department's demo clerk: for power and approval the demo account `yijianshi run` prints."""
        login, name = _DEMO_CLERKS.get(department, (None, ""))
        name = name or translate(LANG, "desk.demo_member", department=self.catalog.department_name(department, LANG))
        external = f"demo-{login}" if login else f"demo-{department}"
        member, _ = await StaffMember.get_or_create(
            channel="demo",
            external_id=external,
            defaults={"name": name, "department": department, "role": Role.CLERK, "login": login},
        )
        return member


#: Department -> (login, name) of its demo clerk account.
_DEMO_CLERKS = {dept: (login, name) for login, name, role, dept in DEMO_ACCOUNTS if role == Role.CLERK and dept}


def _asked(scenario: Scenario, rng: random.Random) -> Asked:
    """One or two of the scenario's documents, as a clerk ticks them in a supplement request."""
    keys = [m.key for m in scenario.materials]
    return {"fields": [], "materials": sorted(rng.sample(keys, min(len(keys), 1 + rng.randrange(2))))}


def _answers(scenario: Scenario, rng: random.Random, i: int) -> dict[str, Any]:
    return {q.key: _answer(q, rng, i) for q in scenario.fields if q.condition is None}


def _answer(q: Question, rng: random.Random, i: int) -> Any:
    if q.type == "person_name":
        return NAMES[(i + rng.randrange(len(NAMES))) % len(NAMES)]
    if q.type == "id_card":
        first17 = f"371302{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        return first17 + id_check_char(first17)
    if q.type == "phone":
        return f"139{rng.randrange(10**8):08d}"
    if q.type == "choice":
        return q.options[rng.randrange(len(q.options))].value
    if q.type == "yesno":
        return True
    if q.type == "number":
        return int(q.min if q.min is not None else 10)
    if q.type == "date":
        return "2020-05-06"
    if q.type == "address":
        return f"临港区滨海路{1 + i}号"
    if q.type == "uscc":
        return "91371300MA3C1234XA"
    return "示例"
