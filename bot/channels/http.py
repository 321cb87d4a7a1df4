"""Small pieces the web chat and the staff page share, and the checks every request passes at the edge.

Malformed input is refused here with a 400 and a JSON body naming what was wrong, so it never
reaches the database (PostgreSQL refuses NUL bytes; huge integers overflow its columns).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any
from urllib.parse import quote

import orjson
from aiohttp import web

from locales import catalogue

#: Deepest nesting a JSON body may have; ours are flat, so anything deeper is an attack.
MAX_JSON_DEPTH = 8
#: Largest JSON body read whole (bytes).
MAX_JSON_BYTES = 64 * 1024
#: Largest id we take: PostgreSQL's integer column.
MAX_ID = 2**31 - 1
#: Control characters other than tab and line breaks: refused in text people send.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer, encoded by orjson (UTF-8, not \\u escapes): the web chat answers one on every message."""
    body = orjson.dumps(data)
    return web.Response(body=body, status=status, headers=headers, content_type="application/json", charset="utf-8")


def bad_request(error: str) -> web.HTTPBadRequest:
    """A 400 whose JSON body names what was wrong: `{"error": "after"}`."""
    return web.HTTPBadRequest(text=json.dumps({"error": error}), content_type="application/json")


def parse_int(raw: Any, name: str, low: int = 0, high: int = MAX_ID) -> int:
    """A whole number written in ASCII digits within [low, high], or a 400 naming it.

    int() takes '１２３' and Arabic-Indic digits, and any length; neither belongs in an id.
    """
    text = str(raw) if isinstance(raw, (int, str)) and not isinstance(raw, bool) else ""
    if not re.fullmatch(r"-?[0-9]{1,10}", text) or not low <= int(text) <= high:
        raise bad_request(name)
    return int(text)


def int_param(request: web.Request, name: str, low: int = 0, high: int = MAX_ID, default: int = 0) -> int:
    """A query parameter as a bounded whole number; absent or empty gives the default."""
    raw = request.query.get(name)
    return default if raw is None or raw == "" else parse_int(raw, name, low, high)


def clean_text(value: Any, name: str = "text") -> str:
    """Text a person sent, refused (400) if it carries NUL or other control characters."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if _CONTROL.search(text) or not _encodable(text):
        raise bad_request(name)
    return text


def _encodable(text: str) -> bool:
    # Lone surrogates come through JSON escapes ("\ud800") and cannot be stored as UTF-8.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def read_capped(request: web.Request, limit: int) -> bytes | None:
    """The whole body if it is at most `limit` bytes, else None; never reads more than one byte past the limit
    (a chunked body, which declares no length, was read up to the application's client_max_size)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    raw = b""
    while len(raw) <= limit and (more := await request.content.read(limit + 1 - len(raw))):
        raw += more
    return raw if len(raw) <= limit else None


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says so: not too large, not too deep."""
    raw = await read_capped(request, MAX_JSON_BYTES)
    if raw is None:
        raise bad_request("json")
    try:
        # The size cap bounds the nesting; orjson refuses past 1,024 levels, NaN and integers beyond 64 bits.
        body = orjson.loads(raw)
    except (ValueError, RecursionError):
        raise bad_request("json") from None
    if not isinstance(body, dict) or (_nested(body) and _depth(body) > MAX_JSON_DEPTH):
        raise bad_request("json")
    return body


def _nested(body: dict[str, Any]) -> bool:
    """Whether any value is a list or an object (a chat message's never is: nothing deeper to count)."""
    return any(isinstance(value, dict | list) for value in body.values())


def _depth(value: Any) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in children)
    return deepest


def content_disposition(filename: str) -> str:
    """`attachment`, with the name in ASCII for old browsers and in full as RFC 6266's filename*."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def static_page(name: str, folder: str = "channels/static") -> web.Response:
    """A page shipped in the ``bot`` package (see package-data in pyproject.toml), never cached."""
    html = resources.files("bot").joinpath(folder, name).read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-cache"})


def strings(locale: str, prefix: str) -> web.Response:
    """The locale's messages under prefix, for a page that has no strings of its own."""
    return web.json_response({k[len(prefix) :]: v for k, v in catalogue(locale).items() if k.startswith(prefix)})
