"""人工客服 in the dialog: asking for a person, the offer after two misunderstandings, quiet while live, ending."""

from __future__ import annotations

import pytest
from scenario_walk import at_id_question

from handlers import intents
from handlers.effects import AskForPerson, EndLive, LeaveMessage, RateLive, SayToPerson


@pytest.mark.parametrize("said", ["转人工", "人工客服", "找人工", "我要转人工客服", "can I talk to a human"])
async def test_asking_for_a_person_queues_the_conversation(chat, said: str) -> None:
    assert intents.wants_person(said)
    await chat.say(said)
    asked = [e for e in chat.effects if isinstance(e, AskForPerson)]
    assert len(asked) == 1 and asked[0].department == ""  # the service routes it
    assert "前面还有 0 位" in chat.text and chat.button("person_end")
    assert (await chat.state()).live


async def test_mid_errand_the_lead_department_is_asked_and_what_was_said_goes_along(chat, catalog) -> None:
    await at_id_question(chat)
    await chat.say("转人工")
    asked = next(e for e in chat.effects if isinstance(e, AskForPerson))
    lead = catalog.get("ev-charger-home").lead_departments[0]
    assert asked.department == lead and asked.errand == "ev-charger-home"
    assert "张三" in asked.said  # typed earlier, handed to the person who takes over


async def test_an_id_number_said_earlier_reaches_staff_masked(chat) -> None:
    await at_id_question(chat)
    await chat.say("371302198506120027")
    await chat.say("转人工")
    asked = next(e for e in chat.effects if isinstance(e, AskForPerson))
    assert "371302198506120027" not in " ".join(asked.said) and "371*************27" in asked.said


async def test_two_misunderstood_messages_in_a_row_offer_a_person(chat) -> None:
    await chat.say("qwxzv")
    assert not any(b.data.endswith("person") for r in chat.replies for b in r.buttons)
    await chat.say("zzqqxx")
    offered = [b.label for r in chat.replies for b in r.buttons]
    assert "转人工客服" in offered and "我要留言" in offered  # one offer: a person, or a 留言
    assert chat.text.count("没能理解") == 1
    await chat.tap("person")
    assert any(isinstance(e, AskForPerson) for e in chat.effects) and "前面还有" in chat.text


async def test_an_understood_message_in_between_starts_the_count_again(chat) -> None:
    await chat.say("qwxzv")
    await chat.say("充电桩")
    await chat.say("zzqqxx")
    assert "转人工客服" not in [b.label for r in chat.replies for b in r.buttons]


async def test_while_live_the_bot_is_quiet_and_messages_go_to_the_person(chat, repo) -> None:
    await chat.say("转人工")
    replies = await chat.say("我的充电桩报装到哪一步了？我电话13800138000")
    assert replies == []
    assert repo.said_to_person[chat.user_id] == ["我的充电桩报装到哪一步了？我电话138****8000"]
    assert [e for e in chat.effects if isinstance(e, SayToPerson)]
    await chat.say("充电桩")  # a word the bot would otherwise search for
    assert chat.replies == [] and len(repo.said_to_person[chat.user_id]) == 2


async def test_the_end_command_ends_it_and_asks_for_a_rating(chat, repo) -> None:
    await chat.say("转人工")
    await chat.say("结束人工")
    assert any(isinstance(e, EndLive) for e in chat.effects) and chat.user_id not in repo.live
    assert [b.label for b in chat.replies[-1].buttons] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    await chat.tap("person_rate")
    rated = next(e for e in chat.effects if isinstance(e, RateLive))
    assert rated.level == 5 and "感谢" in chat.text
    await chat.say("充电桩")  # the bot answers again
    assert "ev-charger-home" in " ".join(b.data for r in chat.replies for b in r.buttons)


async def test_once_staff_handed_back_the_bot_answers_again(chat, repo) -> None:
    await chat.say("转人工")
    del repo.live[chat.user_id]  # staff handed back, outside the dialog
    await chat.say("充电桩")
    assert "ev-charger-home" in " ".join(b.data for r in chat.replies for b in r.buttons)
    assert not (await chat.state()).live


async def test_outside_service_hours_a_message_is_offered(chat, repo) -> None:
    repo.on_duty = False
    await chat.say("充电桩报装要多久")
    await chat.say("人工客服")
    assert "不在人工客服服务时间" in chat.text and chat.button("leave_msg")
    assert not (await chat.state()).live
    await chat.tap("leave_msg")
    left = next(e for e in chat.effects if isinstance(e, LeaveMessage))
    assert left.said[0] == "充电桩报装要多久" and "LY20261126-0001" in chat.text
    await chat.say("充电桩")
    assert chat.replies and "ev-charger-home" in " ".join(b.data for r in chat.replies for b in r.buttons)


@pytest.mark.parametrize("address", ["临港区人工湖路8号", "人工智能产业园"])
def test_an_address_is_not_a_request_for_a_person(address: str) -> None:
    assert not intents.wants_person(address)
