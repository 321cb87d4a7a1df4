"""容缺受理: a required document may follow later when the applicant signs a promise (承诺书) in the dialog."""

from __future__ import annotations

from scenario_walk import walk

from handlers.effects import SubmitCase


async def test_a_signed_promise_lets_the_case_go_without_the_document(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given an applicant for a construction permit at the waste disposal contracts, which 容缺 allows
    scenario = catalog.get("construction-permit")
    assert await walk(chat, scenario, stop_at="material:waste_plan") == ""
    assert (await chat.state()).step == "material:waste_plan"
    # When they ask to hand it in later, the promise is shown with its date, and nothing is taken yet
    await chat.tap("promise")
    assert "容缺受理承诺书" in chat.text and "2026-12-26 前（30 日内）" in chat.text
    conv = await chat.state()
    assert "waste_plan" not in conv.materials and conv.promises == {}
    # When they sign it
    await chat.tap("promise:sign")
    # Then the document is owed with its date, and the errand goes on
    assert "已签署承诺" in chat.text and "2026-12-26" in chat.text
    conv = await chat.state()
    assert conv.materials["waste_plan"] == [] and conv.promises == {"waste_plan": "2026-12-26"}
    assert conv.step != "material:waste_plan"
    # And the review says so, and the filed case carries the promise
    number = await walk(chat, scenario, resume=True, stop_at="review")
    assert number == "" and "容缺，已承诺 2026-12-26 前补交" in chat.text
    await chat.tap("submit")
    filed = [e for e in chat.effects if isinstance(e, SubmitCase)]
    assert len(filed) == 1 and filed[0].promises == {"waste_plan": "2026-12-26"}
    assert filed[0].materials["waste_plan"] == []


async def test_going_back_to_a_promised_document_forgets_the_promise(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    scenario = catalog.get("construction-permit")
    await walk(chat, scenario, stop_at="material:waste_plan")
    await chat.tap("promise")
    await chat.tap("promise:sign")
    await chat.send("command", "/back")
    conv = await chat.state()
    assert conv.step == "material:waste_plan" and conv.promises == {} and "waste_plan" not in conv.materials


async def test_returning_from_the_promise_asks_for_the_document_again(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    scenario = catalog.get("construction-permit")
    await walk(chat, scenario, stop_at="material:waste_plan")
    await chat.tap("promise")
    await chat.tap("reask")
    conv = await chat.state()
    assert conv.step == "material:waste_plan" and conv.promises == {}


async def test_a_document_without_容缺_offers_no_promise(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    scenario = catalog.get("construction-permit")
    await walk(chat, scenario, stop_at="material:drainage_plan")
    assert not any("promise" in b.data for r in chat.replies for b in r.buttons)
