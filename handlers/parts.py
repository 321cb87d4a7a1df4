"""Documents in several parts: the two sides of a card, or the pages of a document sent photo by photo.

A material declares `sides: 2` or `pages: many` in its scenario file; a PDF-only material also takes
photos of its pages (WeChat cannot send a PDF to an Official Account), which the bot assembles into
one PDF when the resident says "传好了". A PDF sent for a several-part document is taken whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.catalog.schema import Material
from handlers.context import Translate

#: The most pages taken for one document, photo by photo; the last one finishes it.
MAX_PAGES = 20
SIDES = ("front", "back")
#: Set on each page photo of a PDF-only document; the bot replaces the pages with one PDF.
AS_PDF = "as_pdf"


def photo_pages_only(material: Material) -> bool:
    """A PDF-only document, whose pages may come as photos instead."""
    return list(material.accept) == ["pdf"]


def accepted(material: Material) -> list[str]:
    """The kinds a file for this material may be: a PDF-only one takes photos of its pages too."""
    return ["pdf", "image"] if photo_pages_only(material) else list(material.accept)


def in_parts(material: Material, kinds: Sequence[str | None]) -> bool:
    """Whether these files start or continue a document given part by part (photos, never a whole PDF)."""
    several = material.sides == 2 or material.pages == "many" or photo_pages_only(material)
    return several and all(kind == "image" for kind in kinds)


def most(material: Material) -> int:
    return 2 if material.sides == 2 else MAX_PAGES


def labelled(material: Material, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts so far, each marked with its side or page number (and for assembly, if PDF-only)."""
    marked = []
    for i, described in enumerate(files):
        part = SIDES[i] if material.sides == 2 else f"page{i + 1}"
        extra = {AS_PDF: True} if photo_pages_only(material) else {}
        marked.append({**described, "part": part, **extra})
    return marked


def part_label(material: Material, index: int, count: int, lang: str, t: Translate) -> str:
    """正面 / 背面, or 第 2 页; empty for a document in one part."""
    if material.sides == 2 and count == 2 and index < 2:
        return t(lang, f"part.{SIDES[index]}")
    if count > 1:
        return t(lang, "part.page", n=index + 1)
    return ""


def parts_summary(material: Material, count: int, lang: str, t: Translate) -> str:
    """What a card shows for a material's files: （正面、背面）, （3 页）, or ×n as before."""
    if material.sides == 2 and count == 2:
        return t(lang, "part.both_sides")
    if count > 1 and (material.pages == "many" or photo_pages_only(material)):
        return t(lang, "part.pages", count=count)
    return f"×{count}"
