"""Decides what a file is from its first bytes; the name a phone gives it is not trusted."""

from __future__ import annotations

import filetype

#: How many leading bytes are enough to recognise every kind we accept.
HEAD_BYTES = 8192
#: The MIME types we accept, and the kind each is (the page checks a file's type against these).
KINDS = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "image/heic": "image",
    "image/heif": "image",
    "application/pdf": "pdf",
}


def sniff(head: bytes) -> tuple[str | None, str]:
    """(kind, mime) of the bytes: kind is "image", "pdf" or None for anything else."""
    guess = filetype.guess(head)
    mime = guess.mime if guess else "application/octet-stream"
    return KINDS.get(mime), mime
