"""Documents in parts: an ID card's two sides asked one after the other, pages until "传好了",
and a PDF-only document taken as photos of its pages."""

from __future__ import annotations

from samples import JPEG, PDF
from scenario_walk import at_first_material, walk

from handlers import parts
from handlers.catalog import Catalog
from handlers.review import review

PNG_LIKE = JPEG + b"page"  # other bytes, so each page is its own file


async def test_an_id_card_asks_for_the_back_after_the_front(chat) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    assert "请先拍正面" in chat.text
    await chat.upload("front.jpg", JPEG)
    conv = await chat.state()
    assert conv.step == "material:id_card" and "id_card" not in conv.materials
    assert "已收到正面" in chat.text and "请再拍背面" in chat.text
    await chat.upload("back.jpg", PNG_LIKE)
    conv = await chat.state()
    assert [(f["name"], f["part"]) for f in conv.materials["id_card"]] == [("front.jpg", "front"), ("back.jpg", "back")]
    assert conv.step == "material:space_certificate" and conv.partial == {}


async def test_each_side_is_checked(chat) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    await chat.upload("front.jpg", JPEG)
    await chat.upload("back.exe", b"MZ" + bytes(100))
    assert "不是可接受的格式" in chat.text
    conv = await chat.state()
    assert conv.step == "material:id_card" and [f["name"] for f in conv.partial["id_card"]] == ["front.jpg"]


async def test_a_pdf_of_both_sides_is_taken_whole(chat) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    await chat.upload("front.jpg", JPEG)
    await chat.upload("id.pdf", PDF)
    conv = await chat.state()
    assert [f["name"] for f in conv.materials["id_card"]] == ["id.pdf"] and conv.partial == {}


async def test_pages_come_one_by_one_until_done(chat) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    await chat.upload("id.pdf", PDF)
    assert (await chat.state()).step == "material:space_certificate"
    for page in range(1, 4):
        await chat.upload(f"p{page}.jpg", JPEG + bytes([page]))
        assert f"已收到第 {page} 页" in chat.text
        assert chat.button("more_pages") and chat.button("pages_done")
    await chat.tap("more_pages")
    assert "请发下一页" in chat.text and (await chat.state()).step == "material:space_certificate"
    await chat.tap("pages_done")
    conv = await chat.state()
    assert [f["part"] for f in conv.materials["space_certificate"]] == ["page1", "page2", "page3"]
    assert conv.step != "material:space_certificate" and "3个文件" in chat.text


async def test_the_last_page_allowed_finishes_the_document(chat) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    await chat.upload("id.pdf", PDF)
    for page in range(parts.MAX_PAGES):
        await chat.upload(f"p{page}.jpg", JPEG + page.to_bytes(2, "big"))
    conv = await chat.state()
    assert len(conv.materials["space_certificate"]) == parts.MAX_PAGES and "space_certificate" not in conv.partial


async def test_the_review_page_shows_each_part(chat, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    await at_first_material(chat)
    await chat.upload("front.jpg", JPEG)
    await chat.upload("back.jpg", PNG_LIKE)
    conv = await chat.state()
    text = review(catalog.get("ev-charger-home"), conv, chat.context()).text
    assert "正面：front.jpg、背面：back.jpg" in text


async def test_a_pdf_only_document_takes_photos_of_its_pages(chat, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    scenario = catalog.get("completion-acceptance")
    await walk(chat, scenario, stop_at="material:project_archive")
    assert "合成一份 PDF" in chat.text
    await chat.upload("p1.jpg", JPEG)
    await chat.upload("p2.jpg", PNG_LIKE)
    await chat.tap("pages_done")
    pages = (await chat.state()).materials["project_archive"]
    # the engine marks the photos; the runtime makes them one PDF before the step is saved
    assert [f["kind"] for f in pages] == ["image", "image"] and all(f[parts.AS_PDF] for f in pages)


def test_every_id_card_of_one_person_has_two_sides_and_every_household_register_pages(catalog: Catalog) -> None:
    for scenario in catalog:
        for m in scenario.materials:
            name = m.name.zh_CN
            if "身份证（正反面）" in name and "双方" not in name and "及股东" not in name:
                assert m.sides == 2, f"{scenario.id}.{m.key}"
            if "户口簿" in name or "合同" in name:
                assert m.pages == "many", f"{scenario.id}.{m.key}"


def test_the_three_scenarios_with_pdf_only_documents_take_photos_of_their_pages(catalog: Catalog) -> None:
    pdf_only = {(s.id, m.key) for s in catalog for m in s.materials if parts.photo_pages_only(m)}
    assert {scenario for scenario, _ in pdf_only} == {
        "construction-permit",
        "completion-acceptance",
        "chemical-park-entry",
    }
    for scenario_id, key in pdf_only:
        assert "image" in parts.accepted(catalog.get(scenario_id).material(key))
