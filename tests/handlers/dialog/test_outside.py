"""Requests no errand here serves (a complaint, a person, an appeal, another authority's matter) get an
honest answer with where to go, never unrelated search results."""

from __future__ import annotations

import pytest
from scenario_walk import at_id_question

from handlers import intents


@pytest.mark.parametrize(
    ("said", "topic", "expected"),
    [
        ("投诉窗口工作人员态度差", "complaint", "可以在这里留言"),
        ("我要举报窗口工作人员", "complaint", "可以在这里留言"),
        ("人工客服", "human", "没有在线人工客服"),
        ("转人工", "human", "没有在线人工客服"),
        ("我不服怎么申请复议", "appeal", "60 日内申请行政复议"),
        ("我想起诉审批局", "appeal", "6 个月内向人民法院起诉"),
        ("医保报销", "medical", "12393"),
        ("住院费用怎么报销 医疗费报销", "medical", "医疗保障部门"),
        ("提取公积金", "housing_fund", "12329"),
        ("办护照", "exit_entry", "12367"),
        ("a complaint about the counter staff", "complaint", "leave complaints"),
        ("can I talk to a human", "human", "no live agent"),
        ("how do I appeal this decision", "appeal", "within 60 days"),
        ("medical insurance reimbursement", "medical", "12393"),
    ],
)
async def test_an_outside_request_at_the_menu_is_answered_honestly(chat, said: str, topic: str, expected: str) -> None:
    if said.isascii():
        await chat.send("button", "*|lang:en")
    assert intents.outside(said) == topic
    await chat.say(said)
    # What it cannot do, where to go instead (12345), and what it can do; no search results
    assert expected in chat.text and "12345" in chat.text
    assert "一件事" in chat.text or "bundled errands" in chat.text
    assert "办事场景" not in chat.text and "Errands" not in chat.text
    assert chat.button("all") and chat.button("menu")


async def test_mid_errand_the_answer_names_the_department_and_keeps_the_place(chat) -> None:
    await at_id_question(chat)
    await chat.say("我要投诉")
    assert "可以在这里留言" in chat.text and "可联系区行政审批服务局" in chat.text
    assert "区政务服务中心综合受理窗口" in chat.text
    # The question it was at is asked again, and nothing was taken as an answer
    state = await chat.state()
    assert state.step == "field:applicant_id" and "applicant_id" not in state.answers
    assert "身份证号码" in chat.replies[-1].text


@pytest.mark.parametrize(
    ("query", "scenario"),
    [
        ("充电桩", "ev-charger-home"),
        ("退休", "retirement"),
        ("开公司", "open-company"),
        ("社保卡", "social-security-card"),
    ],
)
async def test_ordinary_errands_are_still_found(chat, query: str, scenario: str) -> None:
    assert intents.outside(query) is None
    await chat.say(query)
    assert f"*|sc:{scenario}" in [b.data for r in chat.replies for b in r.buttons]


@pytest.mark.parametrize("answer", ["临港区人工湖路8号", "张客", "王真", "13800138000", "371302198506120027"])
def test_answers_are_not_taken_for_outside_requests(answer: str) -> None:
    assert intents.outside(answer) is None


async def test_a_valid_answer_that_sounds_like_a_request_is_taken_as_the_answer(chat) -> None:
    await chat.send("button", "*|sc:retirement")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    # (the ID number of someone of retirement age, normal retirement, then the name and phone)
    for answer in ["371302196201010012", "1", "张三", "13800138000"]:
        await chat.say(answer)
    assert (await chat.state()).step == "field:employer_name"
    # The employer's name happens to contain 客服: it is an answer, not a request for a person
    await chat.say("临沂临港客服外包有限公司")
    assert (await chat.state()).answers["employer_name"] == "临沂临港客服外包有限公司"
    # While a plain request at the same kind of question is still answered honestly
    await chat.say("我要投诉怎么办？")
    assert "可以在这里留言" in chat.text
