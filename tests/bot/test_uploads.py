"""Uploads as an attacker sends them: nothing is kept unless a step takes it, and photos are made safe."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import stat
import struct
import subprocess
import sys
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
from samples import EXE, JPEG, PDF, eicar
from scenario_walk import Chat, walk
from staff_desk import login
from webchat_client import answer_to_first_document, button, post_event, session

from bot.app import upload_cap
from bot.channels.webchat import WebChat
from bot.files import FileStore
from bot.scan import ClamdScanner
from bot.settings import Settings
from bot.staff.view import StaffView
from handlers.catalog import Catalog
from models.case import Case
from models.conversation import ConversationState
from models.material import Material


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
    started = await post_event(client, auth, type="button", data=button(notice, "start"))
    await answer_to_first_document(client, auth, started)
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


#: 40 billion pixels (Pillow's own check would refuse it too); 144 million, under Pillow's refusal at
#: 179 million but over ours; a strip longer than any side of a real photo or scan.
BOMBS = [(200_000, 200_000), (12_000, 12_000), (30_000, 10)]


@pytest.mark.parametrize(("width", "height"), BOMBS)
async def test_an_image_bomb_is_refused_before_it_is_decoded(
    client: TestClient, files: FileStore, width: int, height: int
) -> None:
    auth = await at_first_document(client)
    bomb = _png_declaring(width, height)
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


def test_an_upload_a_killed_process_left_half_written_is_swept_at_the_next_start(tmp_path: Path) -> None:
    # Given an upload in progress when its process was killed (kill -9) a moment ago, on this host
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    store = FileStore(tmp_path / "m", cap_bytes=1024)
    left = store.staging / f"upload-{socket.gethostname()}-{dead_pid}-0123456789abcdef"
    left.write_bytes(b"x" * 100)
    # and uploads in progress of live processes: this one, and one of another host sharing the store
    ours = store.staging / f"{store.owner}fedcba9876543210"
    ours.write_bytes(b"y")
    elsewhere = store.staging / f"upload-other-host-{dead_pid}-00ff00ff00ff00ff"
    elsewhere.write_bytes(b"z")
    # When the next process starts (the store is made, then swept)
    restarted = FileStore(tmp_path / "m", cap_bytes=1024)
    # Then the dead process's upload is gone at once, the live ones stay
    assert restarted.sweep_staging() == 1
    assert not left.exists() and ours.exists() and elsewhere.exists()


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


# ---- virus scanning (ClamAV): `make test` starts a private clamd and sets YJS_TEST_CLAMD_SOCKET

CLAMD = os.environ.get("YJS_TEST_CLAMD_SOCKET") or ""
needs_clamd = pytest.mark.skipif(not CLAMD, reason="needs clamd: make test starts one (YJS_TEST_CLAMD_SOCKET)")


async def described(sha256: str) -> dict[str, object]:
    """How the resident's conversation describes a kept file (of a document, or a side of one so far)."""
    for conv in await ConversationState.all().order_by("-id").limit(50):
        held = [*conv.state.get("materials", {}).values(), *conv.state.get("partial", {}).values()]
        for kept in (f for files in held for f in files):
            if kept["sha256"] == sha256:
                return dict(kept)
    raise AssertionError(f"no conversation holds {sha256}")


@needs_clamd
async def test_a_virus_is_refused_politely_and_nothing_of_it_is_kept(client: TestClient, files: FileStore) -> None:
    files.scanner = ClamdScanner(CLAMD)
    auth = await at_first_document(client)
    replies = (await (await send(client, auth, eicar(), "id-front.jpg")).json())["messages"]
    said = "".join(m["text"] for m in replies)
    assert "“id-front.jpg”没有通过病毒检查，没有保存" in said and "已填的内容都还在" in said
    assert kept_files(files) == []
    # The same step is still asked, and a clean photo is taken, marked as scanned
    taken = await (await send(client, auth, JPEG, "id-front.jpg")).json()
    assert "已收到" in "".join(m["text"] for m in taken["messages"])
    [kept] = kept_files(files)
    assert (await described(kept.name))["scanned"] is True


async def test_with_the_scanner_down_the_file_is_kept_unscanned_and_the_error_logged(
    client: TestClient, files: FileStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files.scanner = ClamdScanner(str(tmp_path / "no-clamd.sock"), timeout_s=2)
    auth = await at_first_document(client)
    taken = await (await send(client, auth, JPEG, "id-front.jpg")).json()
    # Policy: an outage loses no work; the file is kept and staff see it as unscanned
    assert "已收到" in "".join(m["text"] for m in taken["messages"])
    [kept] = kept_files(files)
    assert (await described(kept.name))["scanned"] is False
    assert any(r.levelname == "ERROR" and "kept marked unscanned" in r.getMessage() for r in caplog.records)


async def test_a_scanner_that_never_answers_is_given_up_on(files: FileStore, tmp_path: Path) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # takes the stream and never answers, like a hung clamd

    sock = tmp_path / "hung.sock"
    server = await asyncio.start_unix_server(silent, path=str(sock))
    async with server:
        files.scanner = ClamdScanner(str(sock), timeout_s=1)
        began = time.perf_counter()
        staged = await files.stage_bytes("front.jpg", JPEG)
        assert staged.sha256 and not staged.scanned and staged.problem is None
        assert time.perf_counter() - began < 5


async def staff_detail(local_services, files: FileStore, case: Case) -> dict:  # type: ignore[no-untyped-def]
    """The full case as the staff page gets it."""
    view = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(view.routes())
    async with TestClient(TestServer(app)) as staff:
        auth = await login(staff, "power")
        detail = await (await staff.get(f"/api/staff/cases/{case.number}", headers=auth)).json()
        return {**detail, "strings": await (await staff.get("/api/staff/strings")).json()}


async def test_without_a_scanner_files_are_kept_and_staff_see_them_unscanned(  # type: ignore[no-untyped-def]
    dialogs, files: FileStore, catalog: Catalog, local_services
) -> None:
    assert files.scanner is None
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    assert {m.scanned for m in await Material.filter(case=case)} == {False}
    detail = await staff_detail(local_services, files, case)
    shown = [f["scanned"] for m in detail["materials"] for f in m["files"]]
    assert shown and not any(shown)
    assert detail["strings"]["unscanned"] == "未查毒"  # what the page shows beside such a file


@needs_clamd
async def test_scanned_files_reach_the_case_as_scanned(  # type: ignore[no-untyped-def]
    dialogs, files: FileStore, catalog: Catalog, local_services
) -> None:
    files.scanner = ClamdScanner(CLAMD)
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    assert {m.scanned for m in await Material.filter(case=case)} == {True}
    detail = await staff_detail(local_services, files, case)
    assert all(f["scanned"] for m in detail["materials"] for f in m["files"])


async def test_two_people_sending_the_same_bytes_at_once_each_keep_their_copy(tmp_path: Path) -> None:
    # Given two steps (any processes sharing the store) that staged the same PDF at the same time
    store = FileStore(tmp_path / "materials", cap_bytes=1 << 20)
    first, second = await store.stage_bytes("a.pdf", PDF), await store.stage_bytes("b.pdf", PDF)
    assert first.sha256 == second.sha256
    # When the first step is refused (its copy removed), the second's copy is still there for its step
    store.settle([first], kept=set())
    assert store.locate(str(second.sha256)) is not None
    # And when it is kept, it is kept; nothing is left staged
    store.settle([second], kept={str(second.sha256)})
    assert store.path_of(str(second.sha256)).read_bytes() == PDF
    assert not list(store.staging.iterdir())
