"""Material files on disk, named by their sha256 so a file sent twice is stored once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from bot.filekinds import HEAD_BYTES, sniff
from handlers.events import IncomingFile


class FileStore:
    """Stages uploads under a hard size cap; the engine then decides whether to keep them."""

    def __init__(self, root: Path, cap_bytes: int) -> None:
        self.root, self.cap = Path(root), cap_bytes
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    async def stage(self, name: str, chunks: AsyncIterator[bytes]) -> IncomingFile:
        digest, size, head = hashlib.sha256(), 0, b""
        fd, temp = tempfile.mkstemp(dir=self.root / "tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.cap:
                        return IncomingFile(_clean(name), size, None, "", None, staged=False, cap_bytes=self.cap)
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
            kind, mime = sniff(head)
            sha = digest.hexdigest()
            final = self.path_of(sha)
            final.parent.mkdir(exist_ok=True)
            os.replace(temp, final)
            return IncomingFile(_clean(name), size, kind, mime, sha)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)

    async def stage_bytes(self, name: str, data: bytes) -> IncomingFile:
        async def one() -> AsyncIterator[bytes]:
            yield data

        return await self.stage(name, one())


def _clean(name: str) -> str:
    """A display name safe to show and log: no directories, no control characters."""
    base = os.path.basename(name.replace("\\", "/")) or "file"
    return "".join(c for c in base if c.isprintable())[:120]
