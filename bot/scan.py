"""Virus scanning of uploads: a small scanner interface and its ClamAV implementation.

The file store asks the scanner about every upload before keeping it (`bot/files.py`). An
infected file is refused; when the scanner cannot answer (clamd down, too slow, the file over
clamd's StreamMaxLength) the file is kept and marked unscanned, so a resident never loses a
finished form to our outage, and the staff page shows the file as 未查毒.

clamd gets the bytes over its socket (INSTREAM), so it needs no access to our private
material directory. The client is `clamav-client`, which speaks to Debian's default UNIX
socket (`aioclamd` speaks TCP only, which Debian's clamd does not open by default); its
blocking calls run in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket

from bot.settings.web import ScanSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    """What a scan found: the name of the matching signature, or None when the file is clean."""

    threat: str | None = None


class ScanUnavailable(Exception):
    """The scanner gave no verdict (down, timed out, refused the file); the file is not known to be clean."""


class Infected(Exception):
    """An upload holding a virus; `key` names the message that tells the person."""

    key = "file.infected"


class Scanner(Protocol):
    """Anything that can tell whether a file holds malware."""

    async def scan(self, path: Path) -> Verdict:
        """The verdict on the file at path; raises ScanUnavailable when there is none."""
        ...

    async def ping(self) -> bool:
        """Whether the scanner answers now (asked once at start, to warn early)."""
        ...


class ClamdScanner:
    """ClamAV's clamd, reached through its UNIX socket (a path) or TCP (host:port)."""

    def __init__(self, address: str, timeout_s: float = 30) -> None:
        self.address, self.timeout = address, timeout_s

    def _client(self) -> ClamdNetworkSocket:
        if self.address.startswith("/"):
            return ClamdUnixSocket(self.address, timeout=int(max(self.timeout, 1)))
        host, _, port = self.address.rpartition(":")
        return ClamdNetworkSocket(host, int(port), timeout=self.timeout)

    async def scan(self, path: Path) -> Verdict:
        try:
            # The socket timeout bounds each read and write; wait_for bounds the whole scan.
            return await asyncio.wait_for(asyncio.to_thread(self._instream, path), self.timeout)
        except (ClamdError, OSError, TimeoutError) as exc:
            raise ScanUnavailable(f"clamd at {self.address}: {exc or type(exc).__name__}") from exc

    def _instream(self, path: Path) -> Verdict:
        with path.open("rb") as data:
            result = self._client().instream(data)
        status, threat = result.get("stream", ("ERROR", "no answer"))
        if status == "FOUND":
            return Verdict(threat or "unnamed")
        if status == "OK":
            return Verdict()
        raise ScanUnavailable(f"clamd at {self.address} answered {status} {threat or ''}".strip())

    async def ping(self) -> bool:
        try:
            answer = await asyncio.wait_for(asyncio.to_thread(self._client().ping), self.timeout)
        except (ClamdError, OSError, TimeoutError):
            return False
        return answer == "PONG"


async def scanner_for(settings: ScanSettings) -> Scanner | None:
    """The configured scanner, or None; says at start when uploads will not be scanned."""
    if not settings.clamd_socket:
        log.warning("uploads are not scanned: YJS_CLAMD_SOCKET (ClamAV's clamd) is not set; staff see them as 未查毒")
        return None
    scanner = ClamdScanner(settings.clamd_socket, settings.timeout_s)
    if await scanner.ping():
        log.info("uploads are scanned by clamd at %s", settings.clamd_socket)
    else:
        # Not fatal: the demo and a restarting clamd must not stop the service; files wait marked unscanned.
        log.warning("clamd at %s does not answer: uploads are kept unscanned until it does", settings.clamd_socket)
    return scanner
