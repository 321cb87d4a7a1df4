"""我的办件 and the case view, straight through the engine: what every channel renders alike."""

from __future__ import annotations

import datetime as dt

from handlers.context import CaseView, ItemView
from handlers.effects import SubmitCase

FILED = dt.datetime(2026, 11, 26, 9, 30)


def _filed(chat, status: str = "in_progress", owed: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    submitted = SubmitCase("ev-charger-home", "d1", {}, ("charger_application",), {}, "zh_CN")
    number = chat.repo.file(chat.user_id, submitted, FILED)
    chat.repo.cases[-1].status = status
    items = [
        ItemView("charger_application", "power", "supplement_requested", dt.date(2026, 12, 8), "车位证明不清晰", FILED),
        ItemView("online_channel", "approval", "approved", dt.date(2026, 12, 8), "", FILED),
    ]
    view = CaseView(number, "ev-charger-home", status, FILED, dt.date(2026, 12, 8), items, list(owed))
    chat.repo.views[(chat.user_id, number)] = view
    return number


async def test_the_menus_my_cases_lists_cases_and_each_opens_its_view(chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(chat, "supplement_needed", owed=("property_letter",))
    await chat.send("command", "/start")
    await chat.tap("status")
    assert number in chat.text
    await chat.tap(f"case:{number}")
    view = chat.replies[0].text
    # every item with its department, status, dates and the clerk's note; what is owed
    assert "居民充电桩报装" in view and "临港供电中心" in view and "区行政审批服务局" in view
    assert "待补正" in view and "已通过" in view and "2026-12-08" in view and "2026-11-26" in view
    assert "车位证明不清晰" in view and "待补交材料：物业同意安装证明" in view
    labels = [b.label for b in chat.replies[0].buttons]
    assert labels[:3] == ["补正材料", "回执", "联系部门"]


async def test_a_case_that_owes_documents_offers_to_hand_them_in(chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(chat, owed=("property_letter",))
    await chat.send("button", f"*|case:{number}")
    assert chat.replies[0].buttons[0].label == "补交材料"


async def test_contact_names_each_department_or_the_hotline(chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(chat)
    await chat.send("button", f"*|contact:{number}")
    assert "临港供电中心：请拨打12345政务服务便民热线" in chat.text


async def test_a_receipt_without_a_web_page_says_to_keep_a_screenshot(chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(chat)
    await chat.send("button", f"*|receipt:{number}")
    assert "【办件回执】" in chat.text and "临港供电中心" in chat.text and "截图" in chat.text


async def test_someone_elses_case_is_not_shown(chat, new_chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(new_chat())
    await chat.send("button", f"*|case:{number}")
    assert "没有找到您的办件" in chat.text


async def test_the_case_view_shows_the_date_promised_for_an_owed_document(chat) -> None:  # type: ignore[no-untyped-def]
    number = _filed(chat, owed=("property_letter",))
    view = chat.repo.views[(chat.user_id, number)]
    chat.repo.views[(chat.user_id, number)] = CaseView(
        view.number, view.scenario_id, view.status, view.created, view.due, view.items, view.owed,
        {"property_letter": "2026-12-26"},
    )  # fmt: skip
    await chat.send("button", f"*|case:{number}")
    assert "待补交材料：物业同意安装证明（2026-12-26）" in chat.replies[0].text
