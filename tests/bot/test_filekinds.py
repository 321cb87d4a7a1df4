"""Deciding what an upload is from its first bytes (bot/filekinds.py)."""

from __future__ import annotations

import struct
import zlib

import pytest

from bot.filekinds import HEAD_BYTES, sniff


def png_bytes() -> bytes:
    """A complete 1x1 greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\xff\xdb" + b"\x00" * 64 + b"\xff\xd9"
)
EXIF_JPEG = b"\xff\xd8\xff\xe1\x00\x16Exif\x00\x00II*\x00" + b"\x00" * 32
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"PE\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20


@pytest.mark.parametrize(
    ("head", "kind", "mime"),
    [
        (JPEG, "image", "image/jpeg"),
        (EXIF_JPEG, "image", "image/jpeg"),
        (png_bytes(), "image", "image/png"),
        (WEBP, "image", "image/webp"),
        (PDF, "pdf", "application/pdf"),
        (b"%PDF-1.7\n", "pdf", "application/pdf"),
    ],
    ids=["jpeg", "jpeg-exif", "png", "webp", "pdf", "pdf-header-only"],
)
def test_accepted_kinds_are_recognised_from_their_bytes(head: bytes, kind: str, mime: str) -> None:
    assert sniff(head) == (kind, mime)


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (EXE, "application/x-msdownload"),
        (ZIP, "application/zip"),
        (b"just some plain text\n", "application/octet-stream"),
        ("身份证复印件".encode(), "application/octet-stream"),
        (b"", "application/octet-stream"),
        (b"\x00" * 16, "application/octet-stream"),
    ],
    ids=["exe", "zip", "text", "utf8-text", "empty", "zeros"],
)
def test_anything_else_has_no_kind(head: bytes, mime: str) -> None:
    assert sniff(head) == (None, mime)


def test_a_name_or_wrapper_does_not_matter_only_the_bytes() -> None:
    # An .exe renamed to photo.jpg is still an .exe: sniff only ever sees bytes
    assert sniff(EXE)[0] is None
    # and a PDF marker later in the file does not make it a PDF
    assert sniff(b"hello\n%PDF-1.4\n")[0] is None


def test_head_bytes_are_enough_for_a_pdf_and_an_image() -> None:
    assert HEAD_BYTES >= 262  # the longest offset the image and PDF matchers look at
    assert sniff((PDF * 200)[:HEAD_BYTES]) == ("pdf", "application/pdf")
    assert sniff((JPEG + b"\x00" * HEAD_BYTES)[:HEAD_BYTES]) == ("image", "image/jpeg")
