"""Photos as we keep them: bounded in pixels before anything is decoded, and re-encoded without EXIF.

A phone photo's EXIF block can hold where it was taken (GPS) and when; staff need the
picture, not that. A small file can declare billions of pixels (a decompression bomb):
its header is read first, and such a file is refused before it is decoded.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

#: Larger than any phone camera (200 MP sensors bin to 50 MP photos), far below a bomb.
MAX_PIXELS = 100_000_000
#: No side of a real photo or scan is longer than this.
MAX_SIDE = 20_000
#: What we re-encode, by the MIME type sniffed from the bytes; other images are kept as they are.
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class ImageRefused(Exception):
    """An image we will not keep; key names the message that tells the person why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def clean_image(path: Path, mime: str) -> None:
    """Refuse an absurd or broken image; otherwise rewrite it in place without its metadata."""
    target = _FORMATS.get(mime)
    if target is None:
        return  # HEIC and the like: Pillow cannot read them here, so they are kept untouched
    try:
        with Image.open(path) as image:
            width, height = image.size  # from the header: nothing is decoded yet
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise ImageRefused("file.image_too_large")
            upright = ImageOps.exif_transpose(image)  # keep the picture the right way up
            _save(upright, path, target)
    except Image.DecompressionBombError:  # Pillow's own header check, at twice its default limit
        raise ImageRefused("file.image_too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused("file.image_unreadable") from None


def _save(image: Image.Image, path: Path, target: str) -> None:
    if target == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options = {"quality": 90, "optimize": True} if target == "JPEG" else {}
    # A fresh save writes pixels only: no EXIF, no GPS, no comments, no thumbnails.
    image.save(path, target, **options)
