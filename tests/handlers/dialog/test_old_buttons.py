"""A button from an old message, or data no button of ours ever carried, is answered politely: the codecs
(handlers/buttons.py) read it as nothing, and the step goes on where it was, never with an exception."""

from __future__ import annotations

import pytest
from engine_chat import EngineChat

STALE = "已经失效"


@pytest.mark.parametrize(
    "data",
    [
        "*|request:",
        "*|request:LY20261203-0001",
        "*|request:LY20261203-0001:explode",
        "*|request:LY20261203-0001:rate:great",
        "*|request:LY20261203-0001:resolved:maybe",
        "*|message:explode",
        "*|message:kind:praise",
        "*|message:publish:maybe",
        "*|message:submit",
        "*|gk_pick:form",
        "*|gk_pick:=paper",
        "*|gk_pick:nosuchquestion=1",
    ],
)
async def test_a_forged_or_stale_button_is_told_it_no_longer_works(chat: EngineChat, data: str) -> None:
    await chat.say("你好")
    replies = await chat.send("button", data)
    assert STALE in chat.text and replies[-1].buttons  # and the menu again


@pytest.mark.parametrize("data", ["*|visit_change:", "*|visit_change:LG20261203-0001", "*|visit_change:x/party"])
async def test_a_forged_visit_change_finds_no_visit(chat: EngineChat, data: str) -> None:
    await chat.send("button", data)
    assert "没有这项联合勘验或验收" in chat.text


@pytest.mark.parametrize("data", ["*|forget:", "*|forget:yes:", "*|forget:yes:someone-elses-draft"])
async def test_a_forged_forget_deletes_nothing(chat: EngineChat, data: str) -> None:
    await chat.send("button", "*|sc:retirement")  # an errand begun: its draft is what /mydata would delete
    await chat.tap("start")
    before = await chat.state()
    assert before.scenario and before.draft_id
    await chat.send("button", data)
    assert "草稿已经不在了" in chat.text
    after = await chat.state()
    assert (after.scenario, after.draft_id) == (before.scenario, before.draft_id)
