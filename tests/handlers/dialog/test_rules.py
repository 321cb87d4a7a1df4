"""Cross-field rules in a chat: inconsistent answers asked again, ineligible errands ended early."""

from __future__ import annotations

import datetime as dt

from handlers.identity import id_check_char
from handlers.steps import StepKind


def id_number(born: str, male: bool) -> str:
    first17 = f"371302{born}00{1 if male else 2}"
    return first17 + id_check_char(first17)


async def answer_until(chat, step: str, answers: dict[str, str], scenario) -> None:  # type: ignore[no-untyped-def]
    """Answer the scenario's questions from answers (or a plain valid one) until the step is reached."""
    from scenario_walk import answer_for

    for _ in range(40):
        conv = await chat.state()
        if conv.at.kind == StepKind.NOTICE:
            await chat.tap("start")
            continue
        if not conv.privacy:
            await chat.tap("privacy:yes")  # the privacy notice, before the first question
            continue
        if conv.step == step:
            return
        assert conv.at.kind == StepKind.FIELD, conv.step
        question = scenario.question(conv.at.key)
        await chat.say(answers.get(conv.at.key, answer_for(question, chat.today(), 0)))
    raise AssertionError(f"never reached {step}")


async def test_normal_retirement_below_the_statutory_age_is_asked_again(chat, catalog) -> None:
    # Given a 41-year-old woman (born 1985) at the retirement type
    retirement = catalog.get("retirement")
    await chat.send("button", "*|sc:retirement")
    young = id_number("19850612", male=False)
    await answer_until(chat, "field:retirement_type", {"applicant_id": young}, retirement)
    # When she chooses 正常退休（已到法定退休年龄）
    await chat.say("1")
    # Then she is told why it cannot be, and the question is asked again
    assert "还没有到法定退休年龄" in chat.text
    conv = await chat.state()
    assert conv.step == "field:retirement_type" and "retirement_type" not in conv.answers
    assert conv.answers["applicant_id"] == young


async def test_normal_retirement_at_the_statutory_age_goes_on(chat, catalog) -> None:
    # Given a man born in June 1960 (60 before the reform began), in 2026
    retirement = catalog.get("retirement")
    await chat.send("button", "*|sc:retirement")
    await answer_until(chat, "field:retirement_type", {"applicant_id": id_number("19600612", male=True)}, retirement)
    # When he chooses normal retirement, it is taken
    await chat.say("1")
    conv = await chat.state()
    assert conv.answers["retirement_type"] == "normal" and conv.step != "field:retirement_type"


async def test_a_man_whose_new_age_is_not_reached_is_refused_normal_retirement(chat, catalog) -> None:
    # Given a man born in May 1966: 60 in May 2026, but his age under the 2024 decision is 60 and 5 months
    retirement = catalog.get("retirement")
    await chat.send("button", "*|sc:retirement")
    await answer_until(chat, "field:retirement_type", {"applicant_id": id_number("19660512", male=True)}, retirement)
    assert chat.today() == dt.date(2026, 11, 26)  # he is 60 years and 6 months old: the delay is behind him
    await chat.say("1")
    assert (await chat.state()).answers.get("retirement_type") == "normal"


async def test_a_man_before_his_delayed_age_is_asked_again(chat, catalog) -> None:
    # Given a man born in August 1966: 60 in August 2026, but his age under the 2024 decision is 60 and 5
    # months, reached only in January 2027
    retirement = catalog.get("retirement")
    await chat.send("button", "*|sc:retirement")
    await answer_until(chat, "field:retirement_type", {"applicant_id": id_number("19660812", male=True)}, retirement)
    await chat.say("1")
    assert "还没有到法定退休年龄" in chat.text
    assert "retirement_type" not in (await chat.state()).answers


async def test_a_voluntary_quitter_is_told_why_and_what_to_do_and_nothing_is_kept(chat, catalog) -> None:
    # Given a resident at 劳动关系是怎么结束的？ in the unemployment benefit errand
    scenario = catalog.get("unemployment-insurance")
    await chat.send("button", "*|sc:unemployment-insurance")
    await answer_until(chat, "field:separation_reason", {}, scenario)
    # When they answer that they resigned of their own accord
    await chat.say("5")
    # Then the errand ends before any document, with the law's reason and what to do instead
    assert "现在还办不了" in chat.text and "第十四条" in chat.text and "失业登记" in chat.text
    assert "没有保存" in chat.text
    conv = await chat.state()
    assert conv.scenario is None and conv.answers == {} and conv.materials == {}
    assert chat.effects == []  # nothing filed


async def test_a_dismissed_worker_goes_on_to_the_personal_details(chat, catalog) -> None:
    scenario = catalog.get("unemployment-insurance")
    await chat.send("button", "*|sc:unemployment-insurance")
    await answer_until(chat, "field:separation_reason", {}, scenario)
    await chat.say("2")
    assert (await chat.state()).step == "field:paid_one_year"  # also decides: asked before the details
    await chat.say("是")
    assert (await chat.state()).step == "field:applicant_name"


async def test_a_worker_with_under_a_year_of_contributions_is_stopped(chat, catalog) -> None:
    scenario = catalog.get("unemployment-insurance")
    await chat.send("button", "*|sc:unemployment-insurance")
    await answer_until(chat, "field:separation_reason", {}, scenario)
    await chat.say("2")
    # When they say they paid for less than a year
    await chat.say("否")
    # Then the errand ends with the law's reason and what to do instead, keeping nothing
    assert "现在还办不了" in chat.text and "满1年" in chat.text
    conv = await chat.state()
    assert conv.scenario is None and conv.answers == {}


async def test_a_deregistration_before_the_notice_period_ends_is_stopped(chat, catalog) -> None:
    scenario = catalog.get("company-deregistration")
    await chat.send("button", "*|sc:company-deregistration")
    await answer_until(chat, "field:notice_date", {"deregistration_type": "1"}, scenario)
    # When the simplified deregistration's notice went out ten days ago
    await chat.say((chat.today() - dt.timedelta(days=10)).isoformat())
    assert "公示还没有期满" in chat.text
    assert (await chat.state()).scenario is None


async def test_an_exhibition_closing_before_it_opens_is_asked_again(chat, catalog) -> None:
    scenario = catalog.get("exhibition")
    await chat.send("button", "*|sc:exhibition")
    opening = chat.today() + dt.timedelta(days=30)
    await answer_until(chat, "field:end_date", {"start_date": opening.isoformat()}, scenario)
    await chat.say((opening - dt.timedelta(days=1)).isoformat())
    assert "闭展日期早于开展日期" in chat.text
    await chat.say((opening + dt.timedelta(days=2)).isoformat())
    assert (await chat.state()).answers["end_date"] == (opening + dt.timedelta(days=2)).isoformat()
