"""好差评 in the dialog, through the engine: levels, reasons, comment, elder numbers, old buttons, the period."""

from __future__ import annotations

from engine_chat import EngineChat

from handlers.context import RatableItem
from handlers.effects import RateItem

NUMBER = "LG20261120-0003"


def _decided(chat: EngineChat, *items: tuple[str, str]) -> None:
    """The chat's resident has case NUMBER (居民充电桩报装) with these (item, department) decided."""
    keys = items or (("charger_application", "power"),)
    chat.repo.ratables[chat.user_id] = [
        RatableItem(NUMBER, "ev-charger-home", key, department, "approved") for key, department in keys
    ]


def _ratings(chat: EngineChat) -> list[RateItem]:
    return [e for e in chat.effects if isinstance(e, RateItem)]


async def test_a_good_level_is_kept_at_once_and_a_comment_may_follow(chat: EngineChat) -> None:
    _decided(chat)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    assert "临港供电中心" in chat.text and NUMBER in chat.text and "自愿" in chat.text
    assert [b.label for b in chat.replies[0].buttons] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    await chat.tap(f"rate:{NUMBER}:charger_application:l:2")
    assert _ratings(chat) == [RateItem(NUMBER, "charger_application", "satisfied")]
    assert "已记录您的评价：满意" in chat.text and "核实" not in chat.text
    await chat.say("办得很快，谢谢")
    assert _ratings(chat)[-1] == RateItem(NUMBER, "charger_application", "satisfied", (), "办得很快，谢谢")
    assert "感谢您的评价" in chat.text
    assert (await chat.state()).rating is None


async def test_a_low_level_asks_for_reasons_ticked_then_keeps_them(chat: EngineChat) -> None:
    _decided(chat)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    await chat.tap(f"rate:{NUMBER}:charger_application:l:5")
    assert _ratings(chat) == []  # nothing kept before the reasons are done
    labels = [b.label for b in chat.replies[0].buttons]
    assert labels == ["☐ 时间长", "☐ 材料反复要", "☐ 态度", "☐ 结果不认可", "☐ 其他", "选好了"]
    await chat.tap(f"rate:{NUMBER}:charger_application:r:1")
    await chat.tap(f"rate:{NUMBER}:charger_application:r:3")
    await chat.tap(f"rate:{NUMBER}:charger_application:r:1")  # ticked again: unticked
    await chat.tap(f"rate:{NUMBER}:charger_application:r:4")
    assert "☑ 态度" in [b.label for b in chat.replies[0].buttons]
    await chat.tap(f"rate:{NUMBER}:charger_application:d")
    assert _ratings(chat) == [RateItem(NUMBER, "charger_application", "very_dissatisfied", ("attitude", "result"))]
    assert "核实情况" in chat.text  # the follow-up is announced
    await chat.tap(f"rate:{NUMBER}:charger_application:s")
    assert len(_ratings(chat)) == 1 and "感谢您的评价" in chat.text


async def test_in_elder_mode_the_rating_is_read_with_numbers_and_answered_by_number(chat: EngineChat) -> None:
    _decided(chat)
    await chat.send("button", "*|elder:on")
    await chat.say("我要评价")
    spoken = chat.replies[0].speech or ""
    assert "请回复数字" in spoken and "1 非常满意" in spoken and "5 非常不满意" in spoken
    await chat.say("4")  # 不满意
    assert "不满意的原因" in chat.text and "1 时间长" in (chat.replies[0].speech or "")
    await chat.say("2")  # 材料反复要
    await chat.say("6")  # 选好了
    assert _ratings(chat) == [RateItem(NUMBER, "charger_application", "dissatisfied", ("repeated_documents",))]
    await chat.say("1")  # 不用了
    assert "感谢您的评价" in chat.text and len(_ratings(chat)) == 1


async def test_in_elder_mode_a_number_picks_the_item_to_rate(chat: EngineChat) -> None:
    _decided(chat, ("charger_application", "power"), ("online_channel", "approval"))
    await chat.send("button", "*|elder:on")
    await chat.say("评价")
    assert "1 评价" in (chat.replies[0].speech or "") and "2 评价" in (chat.replies[0].speech or "")
    await chat.say("2")
    assert "区行政审批服务局" in chat.text and "1 非常满意" in (chat.replies[0].speech or "")
    await chat.say("1")
    assert _ratings(chat) == [RateItem(NUMBER, "online_channel", "very_satisfied")]


async def test_a_button_of_an_older_rating_message_is_answered_politely(chat: EngineChat) -> None:
    _decided(chat)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    await chat.tap(f"rate:{NUMBER}:charger_application:l:4")
    old_reason = chat.button(f"rate:{NUMBER}:charger_application:r:1").data
    await chat.tap(f"rate:{NUMBER}:charger_application:d")
    await chat.tap(f"rate:{NUMBER}:charger_application:s")
    await chat.send("button", old_reason)
    assert "这条评价消息已经过时了" in chat.text
    await chat.send("button", "*|rate:garbage:x:nonsense")
    assert "这条评价消息已经过时了" in chat.text
    assert len(_ratings(chat)) == 1


async def test_a_rating_may_be_changed_within_the_period_and_not_after(chat: EngineChat, clock) -> None:  # type: ignore[no-untyped-def]
    _decided(chat)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    await chat.tap(f"rate:{NUMBER}:charger_application:l:3")
    clock.advance(days=14)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    assert "您之前的评价：基本满意" in chat.text
    await chat.tap(f"rate:{NUMBER}:charger_application:l:1")
    assert _ratings(chat)[-1].level == "very_satisfied"
    clock.advance(days=2)  # 16 days after it was first given: the default period is 15
    await chat.send("button", f"*|rate:{NUMBER}:charger_application:l:2")
    assert "已超过可修改的期限" in chat.text and "非常满意" in chat.text
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    assert "已超过可修改的期限" in chat.text
    assert [r.level for r in _ratings(chat)] == ["basic", "very_satisfied"]


async def test_rating_names_each_item_when_a_case_has_several(chat: EngineChat) -> None:
    _decided(chat, ("charger_application", "power"), ("online_channel", "approval"))
    await chat.say("评价")
    assert "请选择您要评价的事项" in chat.text and len(chat.replies[0].buttons) == 2
    assert "区行政审批服务局" in chat.replies[0].buttons[1].label
    await chat.tap(f"rate:{NUMBER}:online_channel")
    assert "区行政审批服务局" in chat.text and len(chat.replies[0].buttons) == 5


async def test_nothing_to_rate_is_said_and_a_text_that_mentions_rating_is_not_taken_for_it(chat: EngineChat) -> None:
    await chat.say("我要评价")
    assert "暂时没有已办结、可以评价的事项" in chat.text
    await chat.say("评价一下这个政策怎么样")
    assert "暂时没有已办结" not in chat.text


async def test_leaving_a_rating_half_given_does_not_take_the_next_answer_as_its_comment(chat: EngineChat) -> None:
    _decided(chat)
    await chat.send("button", f"*|rate:{NUMBER}:charger_application")
    await chat.tap(f"rate:{NUMBER}:charger_application:l:2")
    await chat.send("button", "*|menu")
    await chat.say("充电桩")
    assert len(_ratings(chat)) == 1 and (await chat.state()).rating is None


async def test_the_case_view_offers_rating_once_an_item_is_decided(chat: EngineChat) -> None:
    from handlers.context import CaseView, ItemView
    from handlers.effects import SubmitCase

    submitted = SubmitCase("ev-charger-home", "d-rate", {}, ("charger_application",), {}, "zh_CN")
    number = chat.repo.file(chat.user_id, submitted, chat.now())
    decided = ItemView("charger_application", "power", "approved", None, "", chat.now())
    chat.repo.views[(chat.user_id, number)] = CaseView(
        number, "ev-charger-home", "done", chat.now(), None, [decided], []
    )
    chat.repo.ratables[chat.user_id] = [
        RatableItem(number, "ev-charger-home", "charger_application", "power", "approved")
    ]
    await chat.send("button", f"*|case:{number}")
    await chat.tap(f"rate:{number}")
    assert "临港供电中心" in chat.text and chat.replies[0].buttons[0].label == "非常满意"
    pending = ItemView("charger_application", "power", "accepted", None, "", chat.now())
    chat.repo.views[(chat.user_id, number)] = CaseView(
        number, "ev-charger-home", "in_progress", chat.now(), None, [pending], []
    )
    await chat.send("button", f"*|case:{number}")
    assert all("rate" not in b.data for b in chat.replies[0].buttons)


async def test_good_and_bad_rating_words_go_where_they_belong(chat: EngineChat) -> None:
    await chat.say("好差评")
    assert "暂时没有已办结、可以评价的事项" in chat.text
    await chat.say("我要投诉")  # a complaint is not a rating
    assert "暂时没有已办结" not in chat.text
