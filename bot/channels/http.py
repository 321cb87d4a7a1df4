"""Small pieces the web chat and the staff page share."""

from __future__ import annotations

from importlib import resources
from typing import Any

from aiohttp import web

from locales import catalogue


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says so."""
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='{"error": "json"}', content_type="application/json") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"error": "json"}', content_type="application/json")
    return body


def static_page(name: str, folder: str = "channels/static") -> web.Response:
    """A page shipped in the ``bot`` package (see package-data in pyproject.toml), never cached."""
    html = resources.files("bot").joinpath(folder, name).read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-cache"})


def strings(locale: str, prefix: str) -> web.Response:
    """The locale's messages under prefix, for a page that has no strings of its own."""
    return web.json_response({k[len(prefix) :]: v for k, v in catalogue(locale).items() if k.startswith(prefix)})
