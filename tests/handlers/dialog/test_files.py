"""Files for a material: refused with the reason, kept, and an album gathered into one."""

from __future__ import annotations

from samples import EXE, JPEG, PDF
from scenario_walk import at_first_material, at_id_question

from bot.files import FileStore


async def test_an_exe_renamed_to_jpg_is_refused_and_nothing_changes(chat) -> None:
    await at_first_material(chat)
    before = await chat.state()
    await chat.upload("photo.jpg", EXE)
    assert "不是可接受的格式" in chat.text
    after = await chat.state()
    assert after.step == "material:id_card" and after.answers == before.answers and after.materials == {}


async def test_a_file_over_the_limit_is_refused_with_its_size(chat, files, tmp_path) -> None:
    await at_first_material(chat)
    small_cap = FileStore(tmp_path / "capped", cap_bytes=1024)
    staged = await small_cap.stage_bytes("huge.jpg", JPEG * 10)
    await chat.send("file", files=(staged,))
    assert "超过了" in chat.text
    big = await files.stage_bytes("big.jpg", JPEG + bytes(11 * 1024 * 1024))
    await chat.send("file", files=(big,))
    assert "10MB 的上限" in chat.text
    assert (await chat.state()).materials == {}


async def test_an_album_becomes_one_material(chat) -> None:
    await at_first_material(chat)
    await chat.upload("front.jpg", JPEG, group="album-1")
    await chat.upload("back.jpg", JPEG + b"2", group="album-1")
    conv = await chat.state()
    assert [(f["name"], f["part"]) for f in conv.materials["id_card"]] == [("front.jpg", "front"), ("back.jpg", "back")]
    assert conv.step == "material:space_certificate"


async def test_an_album_for_a_document_in_one_part_adds_its_pages_quietly(chat) -> None:
    await at_first_material(chat)
    await chat.upload("id.pdf", PDF)
    await chat.upload("title.pdf", PDF)
    await chat.tap("later")
    assert (await chat.state()).step == "material:vehicle_proof"
    await chat.upload("p1.pdf", PDF, group="album-2")
    await chat.upload("p2.pdf", PDF + b"2", group="album-2")
    assert chat.replies == []  # the second file of an album adds a page quietly
    assert [f["name"] for f in (await chat.state()).materials["vehicle_proof"]] == ["p1.pdf", "p2.pdf"]


async def test_a_file_when_none_is_asked_for_is_not_kept(chat) -> None:
    await at_id_question(chat)
    await chat.upload("photo.jpg", JPEG)
    assert "现在不需要上传文件" in chat.text
    assert (await chat.state()).materials == {}
