"""Real bytes of each kind of file people send."""

from io import BytesIO

from PIL import Image


def _picture(kind: str, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small real picture: photos are decoded and re-encoded when they are kept."""
    out = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind)
    return out.getvalue()


JPEG = _picture("JPEG")
PNG = _picture("PNG")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)


def eicar() -> bytes:
    """The EICAR antivirus test file, built from parts so that no file of this repository is one
    (antivirus on developers' machines would quarantine it)."""
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"
