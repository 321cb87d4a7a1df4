"""Uploads as an attacker sends them: nothing is kept unless a step takes it, and photos are made safe."""

from __future__ import annotations

import errno
import os
import stat
import struct
import time
import zlib
from collections.abc import AsyncIterator
from io import BytesIO
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image
from samples import EXE, JPEG, PDF
from webchat_client import answer_to_first_document, button, post_event, session

from bot.app import upload_cap
from bot.channels.webchat import WebChat
from bot.files import FileStore
from bot.settings import Settings
from handlers.catalog import Catalog


def kept_files(store: FileStore) -> list[Path]:
    """Every file under the store, staging included."""
    return [p for p in store.root.rglob("*") if p.is_file()]


@pytest.fixture
async def client(dialogs, files, channels) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    chat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(chat.inbox)
    app = web.Application()
    app.add_routes(chat.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def at_first_document(client: TestClient) -> dict[str, str]:
    auth = await session(client)
    notice = await post_event(client, auth, type="button", data="*|sc:ev-charger-home")
    await post_event(client, auth, type="button", data=button(notice, "start"))
    await answer_to_first_document(client, auth)
    return auth


async def send(client: TestClient, auth: dict[str, str], data: bytes, name: str) -> aiohttp.ClientResponse:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="image/jpeg")
    return await client.post("/api/files", data=form, headers=auth)


async def test_an_upload_when_no_document_is_asked_is_not_kept(client: TestClient, files: FileStore) -> None:
    # Given many anonymous sessions at the menu, each sending a large file
    for _ in range(5):
        auth = await session(client)
        response = await send(client, auth, PDF + bytes(2 * 1024 * 1024), "filler.pdf")
        # Then each is told that no file is needed now, and no byte of it is on disk
        assert response.status == 200
        assert "现在不需要上传文件" in (await response.json())["messages"][0]["text"]
    assert kept_files(files) == []


async def test_a_refused_file_leaves_nothing_and_an_accepted_one_is_kept(client: TestClient, files: FileStore) -> None:
    auth = await at_first_document(client)
    refused = await (await send(client, auth, EXE, "photo.jpg")).json()
    assert "不是可接受的格式" in refused["messages"][-2]["text"] + refused["messages"][-1]["text"]
    assert kept_files(files) == []
    taken = await (await send(client, auth, JPEG, "front.jpg")).json()
    assert "已收到" in "".join(m["text"] for m in taken["messages"])
    [kept] = kept_files(files)
    assert kept.parent.parent == files.root and not list(files.staging.iterdir())


async def test_documents_are_private_to_the_service(client: TestClient, files: FileStore) -> None:
    auth = await at_first_document(client)
    await send(client, auth, JPEG, "front.jpg")
    [kept] = kept_files(files)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    for folder in (files.root, files.staging, kept.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 64)
    idat = struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


async def test_an_image_bomb_is_refused_before_it_is_decoded(client: TestClient, files: FileStore) -> None:
    auth = await at_first_document(client)
    bomb = _png_declaring(200_000, 200_000)
    assert len(bomb) < 200
    began = time.perf_counter()
    replies = (await (await send(client, auth, bomb, "bomb.png")).json())["messages"]
    assert "尺寸大得不正常" in "".join(m["text"] for m in replies)
    assert time.perf_counter() - began < 10  # answered, not stuck decoding 40 billion pixels
    assert kept_files(files) == []


def _photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 6.0, 0.0)  # GPSLatitudeRef, GPSLatitude
    out = BytesIO()
    Image.new("RGB", (80, 60), (10, 200, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


async def test_a_photo_is_kept_without_its_exif_and_gps(client: TestClient, files: FileStore) -> None:
    photo = _photo_with_gps()
    assert Image.open(BytesIO(photo)).getexif().get_ifd(0x8825)  # the sample does carry a location
    auth = await at_first_document(client)
    await send(client, auth, photo, "id-front.jpg")
    [kept] = kept_files(files)
    with Image.open(kept) as stored:
        assert stored.size == (80, 60)
        assert not stored.getexif() and b"PhoneMaker" not in kept.read_bytes()


async def test_a_full_disk_gets_try_again_later_and_loses_nothing(
    client: TestClient, files: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = await at_first_document(client)

    async def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_receive", full)
    response = await send(client, auth, JPEG, "front.jpg")
    assert response.status == 503 and response.headers["Retry-After"]
    assert "稍后再试" in (await response.json())["messages"][0]["text"]
    monkeypatch.undo()
    # Everything entered before is still there: the same document is asked for, and taken now
    taken = await (await send(client, auth, JPEG, "front.jpg")).json()
    assert "已收到" in "".join(m["text"] for m in taken["messages"])


def test_a_staged_file_left_by_a_killed_process_is_swept(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "m", cap_bytes=1024)
    orphan = store.staging / "upload-left-by-kill-9"
    orphan.write_bytes(b"x" * 100)
    fresh = store.staging / "upload-still-arriving"
    fresh.write_bytes(b"y")
    an_hour_ago = time.time() - 3600
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    assert store.sweep_staging() == 1
    assert not orphan.exists() and fresh.exists()


def test_the_hard_cap_is_the_largest_document_limit(catalog: Catalog) -> None:
    largest = max(m.max_mb for s in catalog for m in s.materials)
    settings = Settings.from_env({"YJS_MAX_UPLOAD_MB": "200"})
    assert upload_cap(settings, catalog) == int(largest * 1024 * 1024)
    assert upload_cap(Settings.from_env({"YJS_MAX_UPLOAD_MB": "1"}), catalog) == 1024 * 1024
