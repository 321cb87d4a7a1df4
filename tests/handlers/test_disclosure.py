"""The clock and answer rules of 依申请公开 (handlers/disclosure.py) on the shipped holiday calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.answers import Problem
from handlers.disclosure import (
    Answer,
    AnswerType,
    Channel,
    Clock,
    Ground,
    answer_problem,
    description_problem,
    email_problem,
    received_on,
    withdrawn,
)
from handlers.workdays import WorkCalendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock(WorkCalendar.load())


def test_twenty_working_days_skip_mid_autumn_and_national_day_and_count_make_up_days(clock: Clock) -> None:
    # Received Friday 18 September 2026: Sunday 20 September and Saturday 10 October are worked,
    # 25-27 September and 1-7 October are not.
    assert clock.answer_due(D("2026-09-18")) == D("2026-10-22")


def test_a_request_received_on_a_holiday_counts_from_the_next_working_day(clock: Clock) -> None:
    assert clock.answer_due(D("2026-10-03")) == clock.answer_due(D("2026-10-07"))


def test_correction_may_be_asked_for_seven_working_days_then_no_more(clock: Clock) -> None:
    received = D("2026-09-18")
    assert clock.correction_ask_by(received) == D("2026-09-29")
    assert clock.correction_refused(received, D("2026-09-29"), asked_before=False) is None
    late = clock.correction_refused(received, D("2026-09-30"), asked_before=False)
    assert late == Problem("disclosure.refused.correction_late", {"by": "2026-09-29"})


def test_correction_is_asked_once(clock: Clock) -> None:
    refused = clock.correction_refused(D("2026-09-18"), D("2026-09-21"), asked_before=True)
    assert refused == Problem("disclosure.refused.correction_once")


def test_the_clock_restarts_in_full_on_the_corrected_request(clock: Clock) -> None:
    assert clock.restarted_due(D("2026-09-29")) == clock.answer_due(D("2026-09-29")) == D("2026-11-02")


def test_an_extension_adds_twenty_working_days_once_with_the_heads_approval(clock: Clock) -> None:
    assert clock.extended_due(D("2026-10-22")) == D("2026-11-19")
    assert clock.extension_refused(extended=False, days=None, approved_by="办公室主任 王某") is None
    assert clock.extension_refused(extended=True, days=None, approved_by="王某") == Problem(
        "disclosure.refused.extended_once"
    )
    assert clock.extension_refused(extended=False, days=21, approved_by="王某") == Problem(
        "disclosure.refused.extension_days", {"most": 20}
    )
    assert clock.extension_refused(extended=False, days=10, approved_by=" ") == Problem(
        "disclosure.refused.needs_approval"
    )


def test_not_corrected_by_the_date_given_is_deemed_withdrawn() -> None:
    assert not withdrawn(D("2026-10-09"), D("2026-10-09"))
    assert withdrawn(D("2026-10-09"), D("2026-10-10"))
    assert not withdrawn(None, D("2026-10-10"))


def test_the_day_of_receipt_by_channel() -> None:
    assert received_on(Channel.IN_PERSON, D("2026-03-02"), D("2026-03-05")) == D("2026-03-02")
    assert received_on(Channel.POST, D("2026-03-02"), D("2026-03-05")) == D("2026-03-05")
    assert received_on(Channel.ONLINE, D("2026-03-02")) == D("2026-03-02")


@pytest.mark.parametrize("kind", [AnswerType.WITHHOLD, AnswerType.PARTIAL])
def test_withholding_needs_its_legal_ground(kind: AnswerType) -> None:
    assert answer_problem(Answer(kind, "部分内容涉及商业秘密")) == Problem("disclosure.refused.needs_ground")
    assert answer_problem(Answer(kind, "部分内容涉及商业秘密", Ground.ART15)) is None


def test_not_held_names_the_right_office() -> None:
    assert answer_problem(Answer(AnswerType.NOT_HELD, "不属本机关")) == Problem("disclosure.refused.needs_office")
    assert answer_problem(Answer(AnswerType.NOT_HELD, "不属本机关", right_office="区自然资源局 0539-1234567")) is None


def test_every_answer_has_a_text() -> None:
    assert answer_problem(Answer(AnswerType.DISCLOSE, "  ")) == Problem("disclosure.refused.needs_text")
    assert answer_problem(Answer(AnswerType.NOT_EXIST, "经检索，该信息不存在")) is None


def test_a_vague_description_is_sent_back_with_a_hint() -> None:
    assert description_problem("规划") == Problem("disclosure.invalid.vague", {"min": 10})
    assert description_problem("2025年临港区 XX 路道路拓宽工程的规划许可证及附图") is None


def test_email_addresses() -> None:
    assert email_problem("zhang.san@example.cn") is None
    assert email_problem("zhang.san@example") == Problem("disclosure.invalid.email")


def test_the_correction_button_is_the_request_buttons_correction() -> None:
    from handlers import disclosure_notices
    from handlers.buttons import ButtonData, GlobalAction, RequestPress
    from handlers.request_lifecycle import RequestAction, RequestVerb
    from locales import translate

    notice = disclosure_notices.notice("GK20261203-0001", RequestAction.ASK_CORRECTION, "规划局", "附图", {}, "zh_CN",
                                       translate)  # fmt: skip
    assert notice is not None
    data = ButtonData.unpack(notice.buttons[0].data)
    assert data.action == GlobalAction.REQUEST
    assert RequestPress.unpack(data.argument) == RequestPress("GK20261203-0001", RequestVerb.CORRECTION)
