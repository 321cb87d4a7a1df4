"""The one-time notice says enough to plan a visit: fees, what is done in person and where, whom to
call, what follows approval, and the permits usually needed outside the bundle."""

from __future__ import annotations

import dataclasses

from handlers.context import ServiceHall


async def notice_of(chat, scenario_id: str) -> str:  # type: ignore[no-untyped-def]
    await chat.send("button", f"*|sc:{scenario_id}")
    return chat.text


async def test_a_convenience_store_reads_fees_hall_phone_what_follows_and_the_food_licence(chat) -> None:  # type: ignore[no-untyped-def]
    text = await notice_of(chat, "convenience-store")
    # Fees: the business licence is free (sourced), the others are to be confirmed at the window
    assert "费用：" in text and "• 营业执照：不收费" in text and "• 公共场所卫生许可：收费标准待窗口确认" in text
    # In person: the service hall from configuration, marked to confirm while it is the default
    assert "地点：临港区政务服务中心" in text and "待区确认" in text
    # The lead department's phone, the 12345 hotline where the registry records none
    assert "咨询电话：区行政审批服务局 12345" in text
    assert "审批以后：各项通过后即可开业" in text
    assert "不在本次联办范围内" in text and "食品经营许可" in text


async def test_an_errand_whose_items_are_all_free_says_so_once(chat) -> None:  # type: ignore[no-untyped-def]
    # 企业注销登记 is free but tax and bank items are to confirm: a list; a scenario of only free items: one line
    text = await notice_of(chat, "company-deregistration")
    assert "• 企业注销登记：不收费" in text
    catalog = chat.catalog
    scenario = catalog.get("company-deregistration")
    free = [i.key for i in scenario.items if catalog.fee(scenario, i.key) is not None]
    assert free and len(free) < len(scenario.items)


async def test_the_configured_hall_is_named_without_the_to_confirm_mark(chat) -> None:  # type: ignore[no-untyped-def]
    hall = ServiceHall("临港区滨海路1号政务服务中心", "周一至周五 9:00—17:00", to_confirm=False)
    original = chat.context

    chat.context = lambda: dataclasses.replace(original(), hall=hall)  # type: ignore[method-assign]
    text = await notice_of(chat, "retirement")
    assert "地点：临港区滨海路1号政务服务中心；时间：周一至周五 9:00—17:00" in text
    assert "待区确认" not in text
    assert "咨询电话：区人力资源和社会保障局" in text


async def test_a_lead_department_with_a_phone_is_called_there(chat) -> None:  # type: ignore[no-untyped-def]
    catalog = chat.catalog
    hrss = catalog.departments["hrss"]
    catalog.departments["hrss"] = hrss.model_copy(update={"phone": "0539-1234567"})
    try:
        assert "咨询电话：区人力资源和社会保障局 0539-1234567" in await notice_of(chat, "retirement")
    finally:
        catalog.departments["hrss"] = hrss


async def test_every_notice_says_what_follows_approval(new_chat, catalog) -> None:  # type: ignore[no-untyped-def]
    for scenario in catalog:
        assert scenario.after_approval is not None, scenario.id
        assert "审批以后：" in await notice_of(new_chat(), scenario.id)


async def test_company_info_change_says_a_sixth_process_is_told_by_the_window(new_chat) -> None:  # type: ignore[no-untyped-def]
    assert "另有1项由窗口告知" in await notice_of(new_chat(), "company-info-change")
    assert "由窗口告知" not in await notice_of(new_chat(), "open-company")
