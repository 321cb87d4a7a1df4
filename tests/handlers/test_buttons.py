"""Button data (handlers/buttons.py): the same wire format as buttons already sent."""

from __future__ import annotations

from handlers.buttons import ButtonData, GlobalAction, StepAction, anywhere
from handlers.catalog import Catalog
from handlers.ratings import RatePress, Verb


def test_pack_writes_token_action_and_argument() -> None:
    assert ButtonData("*", GlobalAction.SCENARIO, "retirement").pack() == "*|sc:retirement"
    assert ButtonData("ab12cd34", StepAction.START).pack() == "ab12cd34|start"


def test_old_data_unpacks_with_colons_kept_in_the_argument() -> None:
    assert ButtonData.unpack("ab12cd34|edit:field:phone") == ButtonData("ab12cd34", "edit", "field:phone")
    assert ButtonData.unpack("ab12cd34|edit:items:") == ButtonData("ab12cd34", "edit", "items:")


def test_malformed_data_unpacks_to_empty_parts() -> None:
    assert ButtonData.unpack("forged-data-without-structure") == ButtonData("forged-data-without-structure", "", "")


def test_a_button_anywhere_carries_the_star_token() -> None:
    assert anywhere("菜单", GlobalAction.MENU).data == "*|menu"


def test_rating_button_data_round_trips_and_refuses_what_it_cannot_read() -> None:
    press = RatePress("LG20261126-0001", "fire_check", Verb.LEVEL, "satisfied")
    assert press.pack() == "LG20261126-0001:fire_check:l:2"
    assert RatePress.unpack(press.pack()) == press
    assert RatePress.unpack("LG20261126-0001:fire_check:r:3") == RatePress(
        "LG20261126-0001", "fire_check", Verb.REASON, "attitude"
    )
    assert RatePress.unpack("LG20261126-0001") == RatePress("LG20261126-0001")
    assert RatePress.unpack("LG20261126-0001:fire_check:explode") is None
    assert RatePress.unpack("LG20261126-0001:fire_check:l:6") is None
    assert RatePress.unpack("LG20261126-0001:fire_check:l:satisfied") is None
    assert RatePress.unpack("") is None


def test_every_rating_button_fits_in_telegrams_64_bytes(catalog: Catalog) -> None:
    longest = max((item.key for scenario in catalog for item in scenario.items), key=len)
    press = RatePress("LG20261126-9999", longest, Verb.LEVEL, "very_dissatisfied")
    assert len(anywhere("x", GlobalAction.RATE, press.pack()).data.encode()) <= 64


def test_a_live_rating_button_packs_and_unpacks() -> None:
    from handlers.buttons import LIVE_LEVELS, LiveRate

    assert [LiveRate(12, level).pack() for level in LIVE_LEVELS] == ["12:5", "12:4", "12:3", "12:2", "12:1"]
    assert LiveRate.unpack("12:3") == LiveRate(12, 3)
    for forged in ("12:6", "12:0", "x:3", "12", "12:3:4", "", "-1:3"):
        assert LiveRate.unpack(forged) is None, forged


# -- the codecs of arguments with parts ------------------------------------------------------------


def test_a_request_press_keeps_the_wire_format_of_buttons_already_sent() -> None:
    from handlers.buttons import RequestPress
    from handlers.ratings import Level
    from handlers.request_lifecycle import YES, RequestVerb

    number = "LY20261203-0001"
    sent = {
        f"{number}:detail": RequestPress(number, RequestVerb.DETAIL),
        f"{number}:correction": RequestPress(number, RequestVerb.CORRECTION),
        f"{number}:rate:very_dissatisfied": RequestPress(number, RequestVerb.RATE, Level.VERY_DISSATISFIED),
        f"{number}:resolved:yes": RequestPress(number, RequestVerb.RESOLVED, YES),
    }
    for data, press in sent.items():
        assert press.pack() == data
        assert RequestPress.unpack(data) == press


def test_a_request_press_refuses_what_it_cannot_read() -> None:
    from handlers.buttons import RequestPress

    for forged in ("", "LY20261203-0001", "LY20261203-0001:", ":detail", "LY20261203-0001:explode",
                   "LY20261203-0001:rate", "LY20261203-0001:rate:great", "LY20261203-0001:resolved:maybe",
                   "LY20261203-0001:detail:extra", "LY20261203-0001:rate:satisfied:more"):  # fmt: skip
        assert RequestPress.unpack(forged) is None, forged


def test_a_message_press_keeps_the_wire_format_and_refuses_what_it_cannot_read() -> None:
    from handlers.buttons import MessagePress, MessageVerb
    from handlers.request_lifecycle import MessageKind

    sent = {
        "": MessagePress(),
        "mine": MessagePress(MessageVerb.MINE),
        "kind:complaint": MessagePress(MessageVerb.KIND, MessageKind.COMPLAINT),
        "dept:approval": MessagePress(MessageVerb.DEPARTMENT, "approval"),
        "dept:-": MessagePress(MessageVerb.DEPARTMENT, "-"),
        "publish:no": MessagePress(MessageVerb.PUBLISH, "no"),
        "submit": MessagePress(MessageVerb.SUBMIT),
        "rewrite": MessagePress(MessageVerb.REWRITE),
        "cancel": MessagePress(MessageVerb.CANCEL),
    }
    for data, press in sent.items():
        assert press.pack() == data
        assert MessagePress.unpack(data) == press
    for forged in ("explode", "kind:", "kind:praise", "dept:", "publish:maybe", "submit:now", ":x", "mine:all"):
        assert MessagePress.unpack(forged) is None, forged


def test_a_visit_change_keeps_the_wire_format_and_refuses_what_it_cannot_read() -> None:
    from handlers.buttons import VisitChange
    from handlers.visits import VisitKind

    press = VisitChange("LG20261203-0001", VisitKind.SURVEY)
    assert press.pack() == "LG20261203-0001/survey"
    assert VisitChange.unpack(press.pack()) == press
    for forged in ("", "LG20261203-0001", "LG20261203-0001/", "/survey", "LG20261203-0001/party", "a/b/c"):
        assert VisitChange.unpack(forged) is None, forged


def test_a_disclosure_pick_keeps_the_wire_format_and_refuses_what_it_cannot_read() -> None:
    from handlers.buttons import DisclosurePick

    for data, pick in {"form=paper": DisclosurePick("form", "paper"), "delivery=": DisclosurePick("delivery", ""),
                       "note=a=b": DisclosurePick("note", "a=b")}.items():  # fmt: skip
        assert pick.pack() == data
        assert DisclosurePick.unpack(data) == pick
    for forged in ("", "form", "=paper"):
        assert DisclosurePick.unpack(forged) is None, forged


def test_a_forget_keeps_the_wire_format_and_refuses_what_it_cannot_read() -> None:
    from handlers.buttons import Forget

    for data, press in {"d1a2": Forget("d1a2"), "yes:d1a2": Forget("d1a2", confirmed=True)}.items():
        assert press.pack() == data
        assert Forget.unpack(data) == press
    for forged in ("", "yes:"):
        assert Forget.unpack(forged) is None, forged


def test_the_longest_request_and_visit_buttons_fit_in_telegrams_64_bytes() -> None:
    from handlers.buttons import RequestPress, VisitChange
    from handlers.ratings import Level
    from handlers.request_lifecycle import RequestVerb
    from handlers.visits import VisitKind

    rate = RequestPress("LY20261203-9999", RequestVerb.RATE, max(Level, key=len))
    visit = VisitChange("LG20261203-9999", max(VisitKind, key=len))
    assert len(anywhere("x", GlobalAction.REQUEST, rate.pack()).data.encode()) <= 64
    assert len(anywhere("x", GlobalAction.VISIT_CHANGE, visit.pack()).data.encode()) <= 64
