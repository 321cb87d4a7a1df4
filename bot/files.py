"""Material files on disk, named by their sha256 so a file sent twice is stored once.

An upload lands in a staging area first. It is kept (moved to its sha256 name) only
when a step of the dialog accepts it, and removed otherwise, so refused files, files
sent when no document is asked for and files of abandoned uploads never fill the disk.
The staging area is swept at start and periodically for what a killed process left.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path

from bot.filekinds import HEAD_BYTES, sniff
from bot.images import ImageRefused, clean_image
from bot.scan import Infected, Scanner, ScanUnavailable
from handlers.events import IncomingFile

log = logging.getLogger(__name__)

#: Staged files untouched for this long (seconds) belong to no upload still running: a step
#: settles its files within milliseconds, so only a killed process leaves them behind.
STAGING_MAX_AGE = 600
#: How an upload in progress is named in the staging area: upload-<host>-<pid>-<random>.
UPLOAD = "upload-"
#: A kept file nobody refers to is removed once this old (seconds): never one a step is about to refer to.
UNUSED_MAX_AGE = 86_400


class StorageFull(Exception):
    """The disk is full: nothing of this upload was kept, and nothing saved before is touched."""


class FileStore:
    """Stages uploads under a hard size cap, scanned for viruses; the dialog's verdict then keeps or drops them."""

    def __init__(self, root: Path, cap_bytes: int, scanner: Scanner | None = None) -> None:
        self.root, self.cap = Path(root), cap_bytes
        #: None: no scanner configured, files are kept marked unscanned (the start says so).
        self.scanner = scanner
        self.staging = self.root / "staging"
        _private_dir(self.root)
        _private_dir(self.staging)
        #: Names this process's uploads in progress, so a later start on this host can tell them from a
        #: live process's (several processes may share the store) when this one was killed mid-upload.
        self.owner = f"{UPLOAD}{socket.gethostname()}-{os.getpid()}-"

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    async def stage(self, name: str, chunks: AsyncIterator[bytes]) -> IncomingFile:
        """Read an upload into the staging area; an oversized or unreadable one is refused, not kept."""
        temp = self.staging / f"{self.owner}{secrets.token_hex(8)}"
        try:
            received = await self._receive(temp, chunks)
            if received is None:
                return IncomingFile(_clean(name), self.cap + 1, None, "", None, staged=False, cap_bytes=self.cap)
            kind, mime, size = received  # the size sent, which the documents' limits are about
            scanned = await self._scanned(temp)  # the bytes as sent, before re-encoding touches them
            if kind == "image":
                await asyncio.to_thread(clean_image, temp, mime)
            sha = _digest(temp)
            os.replace(temp, self.staging / f"{sha}.{secrets.token_hex(4)}")
            return IncomingFile(_clean(name), size, kind, mime, sha, scanned=scanned)
        except (ImageRefused, Infected) as refused:
            return IncomingFile(_clean(name), 0, None, "", None, problem=refused.key)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                log.error("material store is full (%s): an upload was refused", self.root)
                raise StorageFull from exc
            raise
        finally:
            temp.unlink(missing_ok=True)

    async def _scanned(self, temp: Path) -> bool:
        """True when the scanner found the file clean; raises Infected; False when it could not tell.

        A scanner outage keeps the file, marked unscanned, rather than refusing it: the resident
        keeps a finished form, and staff see 未查毒 on the file before they open it.
        """
        if self.scanner is None:
            return False
        try:
            verdict = await self.scanner.scan(temp)
        except ScanUnavailable as exc:
            log.error("virus scan failed, an upload is kept marked unscanned: %s", exc)
            return False
        if verdict.threat is not None:
            log.warning("an upload was refused: the virus scanner found %s", verdict.threat)
            raise Infected(verdict.threat)
        return True

    async def _receive(self, temp: Path, chunks: AsyncIterator[bytes]) -> tuple[str | None, str, int] | None:
        """Write the upload to temp; (kind, mime, size), or None when it is over the cap."""
        size, head = 0, b""
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > self.cap:
                    return None
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                out.write(chunk)
        return (*sniff(head), size)

    def locate(self, sha256: str) -> Path | None:
        """Where a file's bytes are now: kept, or still staged by the step that is running."""
        kept = self.path_of(sha256)
        if kept.is_file():
            return kept
        staged = sorted(self.staging.glob(f"{sha256}.*"))
        return staged[0] if staged else None

    async def stage_bytes(self, name: str, data: bytes) -> IncomingFile:
        async def one() -> AsyncIterator[bytes]:
            yield data

        return await self.stage(name, one())

    def settle(self, files: Iterable[IncomingFile], kept: set[str]) -> None:
        """Keep the staged files whose sha256 a step accepted; remove the others.

        Each file settles one staged copy of its bytes: another person's step may have staged the
        same bytes at the same time (any process), and its copy must still be there when it settles.
        """
        for file in files:
            if file.sha256 is None:
                continue
            for copy in sorted(self.staging.glob(f"{file.sha256}.*")):
                try:
                    if file.sha256 in kept:
                        final = self.path_of(file.sha256)
                        _private_dir(final.parent)
                        os.replace(copy, final)
                    else:
                        copy.unlink()
                    break
                except FileNotFoundError:  # settled by that other step meanwhile: take the next copy
                    continue

    def sweep_unused(self, in_use: set[str], older_than: float = UNUSED_MAX_AGE) -> int:
        """Remove kept files no case or conversation refers to (a deleted draft's, the page photos a PDF
        was made of, an erased case's), once older than ``older_than`` seconds: a step that has just
        kept a file saves its conversation a moment later. Returns how many were removed."""
        cutoff, removed = time.time() - older_than, 0
        for path in _kept_files(self.root):
            try:
                if path.name not in in_use and path.stat().st_mtime <= cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def sweep_staging(self, older_than: float = STAGING_MAX_AGE) -> int:
        """Remove staged files older than the given seconds, and at once the uploads in progress of a
        process of this host that is gone (killed mid-upload); at start and every few minutes. Returns
        how many."""
        cutoff, removed = time.time() - older_than, 0
        for path in self.staging.iterdir():
            try:
                if path.stat().st_mtime <= cutoff or _orphaned(path.name):
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # settled or swept by another process meanwhile
                continue
        return removed


def _orphaned(name: str) -> bool:
    """Whether this upload in progress was a process's of this host that is no longer running."""
    if not name.startswith(UPLOAD):
        return False
    host, _, rest = name[len(UPLOAD) :].rpartition("-")[0].rpartition("-")
    pid = int(rest) if rest.isdigit() else 0
    if host != socket.gethostname() or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def _kept_files(root: Path) -> Iterator[Path]:
    """The kept files: ``<root>/<2 hex>/<sha256>``, never the staging area."""
    for folder in root.iterdir():
        if folder.is_dir() and len(folder.name) == 2 and folder.name != "staging":
            yield from (path for path in folder.iterdir() if path.is_file())


def accepted_files(materials: dict[str, list[dict[str, object]]]) -> set[str]:
    """The sha256 of every file a conversation holds: what its last step accepted."""
    return {str(f["sha256"]) for files in materials.values() for f in files if f.get("sha256")}


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(1 << 16):
            digest.update(block)
    return digest.hexdigest()


def _private_dir(path: Path) -> None:
    """Residents' documents: readable by this service's user only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def _clean(name: str) -> str:
    """A display name safe to show and log: no directories, no control characters."""
    base = os.path.basename(name.replace("\\", "/")) or "file"
    return "".join(c for c in base if c.isprintable())[:120]
