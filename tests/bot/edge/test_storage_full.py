"""Issue 11 item 5: a disk so full that the database cannot write either is answered "try again later" (503),
and what was saved before is all there once there is room again.

The demo runs in a process of its own with its data directory (SQLite file, uploads) on a small tmpfs that
the test fills: a real full disk. Mounting one needs root; elsewhere the test is skipped.
"""

from __future__ import annotations

import contextlib
import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from browser.app_process import running_demo
from samples import JPEG
from tortoise.exceptions import OperationalError
from webchat_client import button

from bot.edge.storage import is_storage_full
from bot.files import StorageFull


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs of its own."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Writes a filler until the disk refuses another byte."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while out.write(bytes(64 * 1024)):
            pass
    with filler.open("ab", buffering=0) as out, contextlib.suppress(OSError):
        while out.write(b"x"):  # the last partial block
            pass
    return filler


async def post(http: aiohttp.ClientSession, url: str, auth: dict[str, str], **event: str) -> dict:  # type: ignore[type-arg]
    async with http.post(url + "api/events", json=event, headers=auth) as response:
        assert response.status == 200, await response.text()
        return await response.json()  # type: ignore[no-any-return]


async def upload(http: aiohttp.ClientSession, url: str, auth: dict[str, str]) -> aiohttp.ClientResponse:
    form = aiohttp.FormData()
    form.add_field("file", JPEG, filename="front.jpg", content_type="image/jpeg")
    response = await http.post(url + "api/files", data=form, headers=auth)
    await response.read()
    return response


async def test_a_full_disk_is_try_again_later_everywhere_and_loses_nothing(small_disk: Path, tmp_path: Path) -> None:
    settings = {"YJS_DEMO_DATA": "0", "YJS_TTS": "off", "YJS_STAFF_DEMO": "0"}
    with running_demo(small_disk / "data", settings, log_dir=tmp_path) as url:
        async with aiohttp.ClientSession() as http:
            # Given a resident who has answered everything up to the first document
            async with http.post(url + "api/session", json={}) as started:
                auth = {"Authorization": f"Bearer {(await started.json())['token']}"}
            notice = await post(http, url, auth, type="button", data="*|sc:ev-charger-home")
            begun = await post(http, url, auth, type="button", data=button(notice["messages"], "start"))
            last = await post(http, url, auth, type="button", data=button(begun["messages"], "privacy:yes"))
            for answer in ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]:
                last = await post(http, url, auth, type="text", text=answer)
            assert last["upload"], last
            # When the disk fills up, so that the database cannot write either
            filler = fill(small_disk)
            # Then a photo, a typed message and a new session are each told to try again later, politely
            refused = [
                await upload(http, url, auth),
                await http.post(url + "api/events", json={"type": "text", "text": "你好"}, headers=auth),
                await http.post(url + "api/session", json={}),
            ]
            for response in refused:
                assert response.status == 503 and response.headers["Retry-After"], await response.text()
                body = await response.json()
                assert body["error"] == "storage_full" and "稍后再试" in body["message"]
            # And once there is room again, the document asked for then is taken, and every answer is there
            filler.unlink()
            taken = await upload(http, url, auth)
            assert "已收到" in "".join(m["text"] for m in (await taken.json())["messages"])
            async with http.get(url + "api/messages?after=0", headers=auth) as history:
                said = [m["text"] for m in (await history.json())["messages"] if m["from"] == "user"]
            assert "张三" in said and "371*************27" in said


def test_a_full_disk_is_recognised_however_it_is_raised() -> None:
    assert is_storage_full(StorageFull())
    assert is_storage_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_storage_full(OperationalError(Exception("database or disk is full")))

    class DiskFull(Exception):
        sqlstate = "53100"  # asyncpg's DiskFullError

    try:
        try:
            raise DiskFull("could not extend file")
        except DiskFull as exc:
            raise OperationalError(exc) from exc
    except OperationalError as wrapped:
        assert is_storage_full(wrapped)
    assert not is_storage_full(OperationalError(Exception("no such table: x")))
    assert not is_storage_full(OSError(errno.EACCES, "Permission denied"))
