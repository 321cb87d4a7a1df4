"""A conversation's saved form: read back whole, from this version's text and from an older one's."""

from __future__ import annotations

import orjson

from handlers.conversation import Conversation


def saved(conv: Conversation) -> dict[str, object]:
    return dict(orjson.loads(orjson.dumps(conv.to_json(), option=orjson.OPT_NON_STR_KEYS)))


def test_a_saved_conversation_reads_back_the_same() -> None:
    conv = Conversation(scenario="ev-charger-home", step="field:name", answers={"name": "张三"}, elder=True)
    assert Conversation.from_json(saved(conv)) == conv


def test_a_state_saved_before_a_field_existed_gets_its_default() -> None:
    state = saved(Conversation(scenario="ev-charger-home"))
    del state["said"], state["promises"]
    read = Conversation.from_json(state)
    assert read.said == [] and read.promises == {} and read.scenario == "ev-charger-home"
    read.said.append("x")  # its own list, not one shared with other conversations
    assert Conversation().said == []


def test_a_field_no_longer_known_is_dropped() -> None:
    state = {**saved(Conversation(step="review")), "retired_field": 1}
    read = Conversation.from_json(state)
    assert read.step == "review" and not hasattr(read, "retired_field")


def test_reading_does_not_share_the_saved_dict_itself() -> None:
    state = saved(Conversation(answers={"a": 1}))
    read = Conversation.from_json(state)
    read.step = "review"
    assert state["step"] == "menu"
