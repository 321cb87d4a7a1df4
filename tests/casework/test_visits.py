"""水电气暖信联合报装: one joint site survey and one completion acceptance, agreed on the cards.

The lead department proposes a time, every utility with a live item confirms it, the applicant
is told the one time and may ask for another; the completion acceptance follows the survey.
"""

from __future__ import annotations

import datetime as dt

import pytest
from scenario_walk import Chat, walk

from casework.decisions import Decision, Decisions, Refusal, VisitDecision
from casework.drawing import CardDrawer
from casework.pushes import status_facts
from casework.visits import ask_change
from handlers.cards import CardPress
from handlers.lifecycle import StaffAction
from handlers.notices import status_notice
from handlers.visits import VisitKind, VisitPress, VisitStatus, VisitVerb
from handlers.workdays import WorkCalendar
from locales import translate
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.outbox import Outbox
from models.staff import StaffCard, StaffMember
from workers.cases import draw_card, route_case

pytestmark = pytest.mark.usefixtures("local_services")

UTILITIES = "utilities-connection"
#: A calendar with no holidays: every weekday works, so the tests choose their days freely.
PLAIN = WorkCalendar(holidays={}, workdays={}, years=frozenset())


def next_weekday(days_ahead: int = 3) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


async def _filed(dialogs, files, catalog) -> Case:  # type: ignore[no-untyped-def]
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get(UTILITIES)))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    for card in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    return case


async def _member(department: str) -> StaffMember:
    member, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"clerk-{department}", defaults={"name": "办事员", "department": department}
    )
    return member


async def _press(
    decisions: Decisions, case: Case, department: str, verb: VisitVerb, text: str = "", kind=VisitKind.SURVEY
) -> VisitDecision | Refusal:  # type: ignore[no-untyped-def]
    card = await StaffCard.get(case=case, department=department)
    return await decisions.visit(await _member(department), VisitPress(card.id, card.version, kind, verb), text)


async def test_the_lead_proposes_every_utility_confirms_and_the_applicant_is_told(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a filed joint connection case
    case = await _filed(dialogs, files, catalog)
    utilities = sorted({i.department for i in await CaseItem.filter(case=case)})
    assert len(utilities) >= 2
    # Then the lead (区行政审批服务局) has a card of its own, without items, saying it proposes the times
    lead = catalog.get(UTILITIES).lead_departments[0]
    assert lead not in utilities
    lead_card = await StaffCard.get(case=case, department=lead)
    assert "本部门为牵头部门" in lead_card.body["text"]
    assert "联合现场勘验：尚未约定时间" in lead_card.body["text"]
    # And only the lead can propose: a utility's card has no propose button and is refused
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    day = next_weekday()
    refused = await _press(decisions, case, utilities[0], VisitVerb.PROPOSE, f"{day} 09:30")
    assert refused == Refusal("visit.refused.not_lead")
    # When the lead proposes a time
    proposed = await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{day} 09:30")
    assert isinstance(proposed, VisitDecision) and proposed.status == VisitStatus.PROPOSED
    # Then every utility's card shows it, waiting for its confirmation, with confirm and decline buttons
    card = await StaffCard.get(case=case, department=utilities[0])
    assert f"拟定 {day} 09:30" in card.body["text"] and "待确认" in card.body["text"]
    labels = [b["label"] for b in card.body["buttons"]]
    assert "确认联合现场勘验时间" in labels and "无法按时参加联合现场勘验" in labels
    # When one utility cannot come, it must say why; the lead's card shows the reason
    assert await _press(decisions, case, utilities[0], VisitVerb.DECLINE) == Refusal("visit.refused.needs_reason")
    await _press(decisions, case, utilities[0], VisitVerb.DECLINE, "当天有抢修任务，次日上午可以")
    assert "当天有抢修任务" in (await StaffCard.get(case=case, department=lead)).body["text"]
    # And nothing has been pushed to the applicant yet
    assert not await CaseEvent.filter(case=case, action="visit_fixed:survey").exists()
    # When the lead proposes the next day and every utility confirms
    later = next_weekday(4) if next_weekday(4) != day else next_weekday(5)
    await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{later} 10:00")
    outcomes = [await _press(decisions, case, d, VisitVerb.CONFIRM) for d in utilities]
    # Then the last confirmation fixes the time, once
    assert [o.fixed for o in outcomes if isinstance(o, VisitDecision)] == [False] * (len(utilities) - 1) + [True]
    visit = await CaseVisit.get(case=case, kind=VisitKind.SURVEY)
    assert visit.status == VisitStatus.FIXED and sorted(visit.confirmed) == utilities
    # And one notice to the applicant is queued, telling the one time and place, with a button to ask for another
    fixed = await CaseEvent.get(case=case, action="visit_fixed:survey")
    assert await Outbox.filter(key=f"push:{fixed.id}").exists()
    facts, _ = await status_facts(fixed.id)
    notice = status_notice(facts, catalog, translate)
    assert f"联合现场勘验时间已约定：{later} 10:00" in notice.text
    assert case.answers["project_address"] in notice.text
    assert notice.buttons[0].label == "申请改期"
    # And a confirmation pressed again on the now outdated card is refused politely
    stale = await _press(decisions, case, utilities[0], VisitVerb.CONFIRM)
    assert stale == Refusal("visit.refused.not_proposed")


async def test_an_outdated_button_and_another_department_are_refused(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    card = await StaffCard.get(case=case, department=lead)
    old = VisitPress(card.id, card.version, VisitKind.SURVEY, VisitVerb.PROPOSE)
    assert isinstance(await decisions.visit(await _member(lead), old, f"{next_weekday()} 09:00"), VisitDecision)
    # A press carrying the card's older version is refused as stale
    assert await decisions.visit(await _member(lead), old, f"{next_weekday()} 11:00") == Refusal("staff.stale_card")
    # A clerk of another department cannot press the lead's card
    await card.refresh_from_db()
    fresh = VisitPress(card.id, card.version, VisitKind.SURVEY, VisitVerb.PROPOSE)
    outcome = await decisions.visit(await _member("power"), fresh, f"{next_weekday()} 11:00")
    assert isinstance(outcome, Refusal) and outcome.key == "staff.not_member"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("明天吧", "visit.refused.no_time"),
        ("2020-01-06 09:00", "visit.refused.past"),
        ("WEEKEND 10:00", "visit.refused.not_workday"),
        ("WEEKDAY 20:00", "visit.refused.hours"),
    ],
)
async def test_a_time_that_cannot_be_used_is_refused_with_the_reason(dialogs, files, catalog, text, key) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    saturday = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 or 7)
    text = text.replace("WEEKEND", str(saturday)).replace("WEEKDAY", str(next_weekday()))
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    assert await _press(decisions, case, lead, VisitVerb.PROPOSE, text) == Refusal(key)
    assert (await CaseVisit.get(case=case, kind=VisitKind.SURVEY)).status == VisitStatus.UNSCHEDULED


async def test_a_holiday_is_not_a_working_day_for_a_visit(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    day = next_weekday()
    holiday = WorkCalendar(holidays={day: {"zh_CN": "测试假日"}}, workdays={}, years=frozenset({day.year}))
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=holiday)
    assert await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{day} 09:00") == Refusal(
        "visit.refused.not_workday"
    )


async def test_the_completion_acceptance_follows_the_survey(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    utilities = sorted({i.department for i in await CaseItem.filter(case=case)})
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    day = next_weekday()
    # The lead's card offers no completion button, and a forged one is refused, before the survey is fixed
    card = await StaffCard.get(case=case, department=lead)
    assert all("竣工验收" not in b["label"] for b in card.body["buttons"])
    early = await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{day} 09:00", VisitKind.COMPLETION)
    assert early == Refusal("visit.refused.survey_first")
    await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{day} 09:00")
    for department in utilities:
        await _press(decisions, case, department, VisitVerb.CONFIRM)
    # Once the survey is fixed, the completion acceptance is agreed the same way
    done = await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{next_weekday(10)} 14:30", VisitKind.COMPLETION)
    assert isinstance(done, VisitDecision) and done.status == VisitStatus.PROPOSED
    text = (await StaffCard.get(case=case, department=utilities[0])).body["text"]
    assert "联合现场勘验：已约定" in text and "联合竣工验收：" in text


async def test_a_rejected_item_does_not_hold_up_the_visit(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    items = await CaseItem.filter(case=case).order_by("id")
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    # Given one utility refused its item (every item of its department)
    gone = items[0].department
    for item in [i for i in items if i.department == gone]:
        card = await StaffCard.get(case=case, department=gone)
        press = CardPress(card.id, card.version, StaffAction.REJECT, item.id)
        assert isinstance(await decisions.decide(await _member(gone), press, "不具备接入条件"), Decision)
    # When the lead proposes and every other utility confirms
    await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{next_weekday()} 09:00")
    others = sorted({i.department for i in items} - {gone})
    outcomes = [await _press(decisions, case, d, VisitVerb.CONFIRM) for d in others]
    # Then the time is fixed without the refused utility, which was never asked
    assert isinstance(outcomes[-1], VisitDecision) and outcomes[-1].fixed
    assert await _press(decisions, case, gone, VisitVerb.CONFIRM) == Refusal("visit.refused.not_participant")


async def test_the_applicant_asks_for_another_time_and_the_lead_proposes_again(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await _filed(dialogs, files, catalog)
    lead = catalog.get(UTILITIES).lead_departments[0]
    utilities = sorted({i.department for i in await CaseItem.filter(case=case)})
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    # Nothing proposed yet: nothing to change
    assert (
        await ask_change(case.user_id, case.number, VisitKind.SURVEY, "下周都行") == "visit.refused.nothing_to_change"
    )  # type: ignore[attr-defined]
    await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{next_weekday()} 09:00")
    for department in utilities:
        await _press(decisions, case, department, VisitVerb.CONFIRM)
    # Another resident cannot touch this case
    assert await ask_change(case.user_id + 999, case.number, VisitKind.SURVEY, "x") == "visit.refused.none"  # type: ignore[attr-defined]
    # When the applicant asks for another time
    assert await ask_change(case.user_id, case.number, VisitKind.SURVEY, "那天不在，12月下旬都行") is None  # type: ignore[attr-defined]
    # Then every card shows the wish, the confirmations are cleared, and the lead is asked to propose again
    for card in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    lead_text = (await StaffCard.get(case=case, department=lead)).body["text"]
    assert "申请人请求改期" in lead_text and "12月下旬都行" in lead_text
    visit = await CaseVisit.get(case=case, kind=VisitKind.SURVEY)
    assert visit.status == VisitStatus.CHANGE_ASKED and visit.confirmed == []
    assert await CaseEvent.filter(case=case, action="visit_ask_change:survey", note="那天不在，12月下旬都行").exists()
    again = await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{next_weekday(8)} 15:00")
    assert isinstance(again, VisitDecision) and again.status == VisitStatus.PROPOSED


async def test_the_applicant_sees_the_visit_and_asks_for_another_time_in_the_chat(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files, channel="web")
    case = await Case.get(number=await walk(chat, catalog.get(UTILITIES)))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    lead = catalog.get(UTILITIES).lead_departments[0]
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=PLAIN)
    day = next_weekday()
    # Before any time is proposed the case view says so, and offers no change
    replies = await chat.send("button", f"*|case:{case.number}")
    view = next(r for r in replies if case.number in r.text)
    assert "联合现场勘验：尚未约定，约定后通知您" in view.text
    assert not any("visit_change" in b.data for b in view.buttons)
    # A forged change button for a case with nothing agreed is answered politely
    replies = await chat.send("button", f"*|visit_change:{case.number}/survey")
    assert any("还没有约定时间" in r.text for r in replies)
    # Once the time is fixed, the case view shows it with a change button
    await _press(decisions, case, lead, VisitVerb.PROPOSE, f"{day} 09:30")
    for department in sorted({i.department for i in await CaseItem.filter(case=case)}):
        await _press(decisions, case, department, VisitVerb.CONFIRM)
    replies = await chat.send("button", f"*|case:{case.number}")
    view = next(r for r in replies if case.number in r.text)
    assert f"联合现场勘验：已约定 {day} 09:30" in view.text
    change = next(b for b in view.buttons if "visit_change" in b.data)
    # When the applicant taps it and says what suits them
    replies = await chat.send("button", change.data)
    assert any("请说明您方便的时间" in r.text for r in replies)
    replies = await chat.say("下周三上午可以")
    assert any("已转告牵头部门" in r.text for r in replies)
    # Then the wish is recorded and the lead is asked to propose again
    visit = await CaseVisit.get(case=case, kind=VisitKind.SURVEY)
    assert visit.status == VisitStatus.CHANGE_ASKED and visit.change_asked == "下周三上午可以"
    # And another resident's chat cannot ask for a change of this case
    other = Chat(dialogs, files, channel="web", user="someone-else")
    await other.send("command", "/start")
    replies = await other.send("button", f"*|visit_change:{case.number}/survey")
    assert any("没有这项联合勘验" in r.text for r in replies)
