"""关联办件 on the engine alone: a code becomes an effect for the save, and the outcome a polite reply."""

from __future__ import annotations

import pytest

from handlers import engine
from handlers.conversation import Conversation
from handlers.effects import Linked, LinkOutcome, LinkResident


async def test_a_code_given_with_the_command_is_left_to_the_save(chat) -> None:  # type: ignore[no-untyped-def]
    replies = await chat.send("command", "/link abcd-2345")
    assert replies == [] and chat.effects == [LinkResident("ABCD2345")]


async def test_the_command_alone_asks_for_the_code(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.send("command", "/link")
    assert (await chat.state()).step == "link_code"
    await chat.say("ABCD 2345")
    assert chat.effects == [LinkResident("ABCD2345")] and (await chat.state()).step == "menu"


async def test_what_cannot_be_a_code_is_refused_without_asking_the_save(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.send("command", "/link 0000OOOO")  # 0 and O are not in the alphabet
    assert "关联码不正确" in chat.replies[0].text and chat.effects == []


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (LinkOutcome.LINKED, "已关联办件 LG20261126-0001"),
        (LinkOutcome.WRONG, "关联码不正确"),
        (LinkOutcome.EXPIRED, "已过期"),
        (LinkOutcome.USED, "已经使用过"),
        (LinkOutcome.LIMITED, "尝试次数过多"),
    ],
)
async def test_each_outcome_has_its_reply(chat, outcome: LinkOutcome, words: str) -> None:  # type: ignore[no-untyped-def]
    number = "LG20261126-0001" if outcome == LinkOutcome.LINKED else ""
    result = await engine.linked(Conversation(), Linked(outcome, number), chat.context())
    assert words in result.replies[0].text
