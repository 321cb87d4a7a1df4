"""The virus scanner on its own: clamd's verdicts, its absence, and its settings."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from samples import JPEG, eicar

from bot.scan import ClamdScanner, ScanUnavailable, scanner_for
from bot.settings import Settings, SettingsError
from bot.settings.web import ScanSettings

CLAMD = os.environ.get("YJS_TEST_CLAMD_SOCKET") or ""
needs_clamd = pytest.mark.skipif(not CLAMD, reason="needs clamd: make test starts one (YJS_TEST_CLAMD_SOCKET)")


@needs_clamd
async def test_clamd_names_the_eicar_file_and_passes_a_photo(tmp_path: Path) -> None:
    scanner = ClamdScanner(CLAMD)
    assert await scanner.ping()
    (tmp_path / "test-virus").write_bytes(eicar())
    (tmp_path / "photo.jpg").write_bytes(JPEG)
    found = await scanner.scan(tmp_path / "test-virus")
    assert found.threat is not None and "Eicar" in found.threat
    assert (await scanner.scan(tmp_path / "photo.jpg")).threat is None


async def test_a_missing_clamd_gives_no_verdict(tmp_path: Path) -> None:
    scanner = ClamdScanner(str(tmp_path / "absent.sock"), timeout_s=1)
    (tmp_path / "photo.jpg").write_bytes(JPEG)
    assert not await scanner.ping()
    with pytest.raises(ScanUnavailable, match=r"absent\.sock"):
        await scanner.scan(tmp_path / "photo.jpg")
    closed_port = ClamdScanner("127.0.0.1:1", timeout_s=1)
    with pytest.raises(ScanUnavailable):
        await closed_port.scan(tmp_path / "photo.jpg")


async def test_the_start_says_when_uploads_are_not_scanned(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.scan")
    assert await scanner_for(ScanSettings()) is None
    assert "uploads are not scanned" in caplog.text
    caplog.clear()
    down = await scanner_for(ScanSettings(clamd_socket=str(tmp_path / "absent.sock"), timeout_s=1))
    assert isinstance(down, ClamdScanner)  # kept: clamd may come up later, files wait marked unscanned meanwhile
    assert "does not answer" in caplog.text


def test_scan_settings() -> None:
    assert Settings.from_env({}).scan == ScanSettings(clamd_socket="", timeout_s=30)
    unix = Settings.from_env({"YJS_CLAMD_SOCKET": "/run/clamav/clamd.ctl", "YJS_CLAMD_TIMEOUT": "10"})
    assert unix.scan == ScanSettings("/run/clamav/clamd.ctl", 10)
    assert Settings.from_env({"YJS_CLAMD_SOCKET": "clamav.internal:3310"}).scan.clamd_socket == "clamav.internal:3310"
    for bad in ({"YJS_CLAMD_SOCKET": "clamd.ctl"}, {"YJS_CLAMD_SOCKET": "tcp://x"}, {"YJS_CLAMD_TIMEOUT": "0"}):
        with pytest.raises(SettingsError, match=next(iter(bad))):
            Settings.from_env(bad)
