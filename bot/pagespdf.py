"""Photos of a document's pages made into one PDF, for documents the departments take only as PDF.

WeChat cannot send a PDF to an Official Account, so a resident there photographs each page; the
dialog keeps the photos aside (marked `as_pdf`) until "传好了", and the runtime makes them one PDF
before the step is saved. The photos were already re-encoded without metadata when they were staged.
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from bot.files import FileStore
from handlers.events import IncomingFile
from handlers.parts import AS_PDF

log = logging.getLogger(__name__)

#: Pages are placed at this resolution: a phone photo of an A4 page prints at about A4.
RESOLUTION = 150.0


def pdf_of(pages: list[Path]) -> bytes:
    """One PDF with each image as a page, in order."""
    images: list[Image.Image] = []
    try:
        for page in pages:
            with Image.open(page) as photo:
                images.append(photo.convert("RGB"))
        out = io.BytesIO()
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=RESOLUTION)
        return out.getvalue()
    finally:
        for converted in images:
            converted.close()


def awaiting_assembly(materials: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The materials whose files are all photos of pages still to be made into one PDF."""
    return [key for key, files in materials.items() if files and all(f.get(AS_PDF) for f in files)]


async def assemble(store: FileStore, key: str, pages: list[dict[str, Any]]) -> IncomingFile | None:
    """Stage one PDF of the pages; None (the photos are kept as they are) when a page cannot be read."""
    paths = [store.locate(str(page["sha256"])) for page in pages]
    if any(path is None for path in paths):
        log.error("pages of %s are missing from the store; kept as photos", key)
        return None
    try:
        data = await asyncio.to_thread(pdf_of, [p for p in paths if p is not None])
    except (UnidentifiedImageError, OSError) as exc:  # HEIC and the like, which Pillow cannot read here
        log.warning("pages of %s could not be made into a PDF (%s); kept as photos", key, exc)
        return None
    return await store.stage_bytes(f"{key}.pdf", data)


def described(pdf: IncomingFile, pages: list[dict[str, Any]]) -> dict[str, object]:
    """The PDF as a conversation holds a file, with how many photographed pages it was made of."""
    return {
        "name": pdf.name, "size": pdf.size, "kind": pdf.kind, "mime": pdf.mime, "sha256": pdf.sha256,
        "scanned": pdf.scanned and all(p.get("scanned") for p in pages), "pages": len(pages),
    }  # fmt: skip
