"""Issue 12, item 17: files are checked in the page against the step's limits before a byte is sent;
a photo too big is offered to be made smaller there, and then taken."""

from __future__ import annotations

import io
from pathlib import Path

from browser.chat_page import last_reply, to_first_document
from PIL import Image
from playwright.sync_api import Page, Request, expect

MB = 1024 * 1024


def uploads(page: Page) -> list[Request]:
    seen: list[Request] = []
    page.on("request", lambda r: seen.append(r) if "api/files" in r.url else None)
    return seen


def test_a_file_too_big_is_refused_before_it_is_sent(page: Page, tmp_path: Path) -> None:
    to_first_document(page)
    sent = uploads(page)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as f:  # 60 MB, as a scanner's PDF may be
        f.write(b"%PDF-1.4\n")
        f.truncate(60 * MB)
    page.locator("#file").set_input_files(scan)
    expect(page.locator(".msg.local")).to_contain_text("最多 10MB")
    assert sent == []
    assert page.locator("#send").is_enabled()


def test_a_big_photo_is_made_smaller_in_the_page_and_taken(page: Page, tmp_path: Path) -> None:
    to_first_document(page)
    sent = uploads(page)
    photo = tmp_path / "id-card.jpg"
    noise = Image.merge("RGB", [Image.effect_noise((3600, 2700), 120) for _ in range(3)])
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=96)
    photo.write_bytes(buffer.getvalue())
    assert photo.stat().st_size > 10 * MB  # more than the ID card step takes
    page.locator("#file").set_input_files(photo)
    expect(page.locator(".msg.local")).to_contain_text("缩小")
    assert sent == []
    with page.expect_response(lambda r: "api/files" in r.url, timeout=60_000) as answered:
        page.locator(".msg.local button.choice", has_text="缩小后上传").click()
    assert answered.value.status == 200
    assert len(sent) == 1 and len(sent[0].post_data_buffer or b"") < 10 * MB
    expect(last_reply(page)).not_to_contain_text("请上传：居民身份证")
    expect(page.locator(".msg.bot", has_text="已收到").last).to_be_visible()
