"""Browser security headers on every response, from one middleware.

Our two pages carry one inline <style> and one inline <script> each; rather than allow inline
code at large, each page's CSP names the sha256 of exactly those blocks.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from importlib import resources

from aiohttp import web
from aiohttp.typedefs import Handler

#: For JSON, files and errors: nothing may load, nothing may frame.
LOCKED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: Pages (in the ``bot`` package) served as HTML, by path.
PAGES = {
    "/": "channels/static/index.html",
    "/staff": "staff/static/staff.html",
    "/desk": "staff/static/desk.html",
    "/stats": "staff/static/stats.html",
    "/staff/live": "staff/static/live.html",
    "/staff/requests": "staff/static/requests.html",
    "/staff/ratings": "staff/static/ratings.html",
    "/messages": "channels/static/messages.html",
}
_ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=()",
}


@functools.cache
def page_policy(page: str) -> str:
    """The CSP of one of our pages: its own inline blocks by hash, our API, blob: files."""
    html = resources.files("bot").joinpath(page).read_text(encoding="utf-8")
    scripts = " ".join(_hashes(html, "script"))
    styles = " ".join(_hashes(html, "style"))
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; "
        "img-src 'self' blob: data:; media-src 'self' blob:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _hashes(html: str, tag: str) -> list[str]:
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Adds the headers to answers and to refusals (an HTTPException is a response too)."""
    try:
        response = await handler(request)
    except web.HTTPException as refusal:
        _add(request, refusal)
        raise
    _add(request, response)
    return response


def _add(request: web.Request, response: web.StreamResponse) -> None:
    if response.prepared:  # a file already streaming: its headers went out with it
        return
    path = request.path
    # Personal data: no browser or proxy may keep a copy of what the API answers (JSON, CSV, PDF, files),
    # unless the handler chose a policy itself (read-aloud audio).
    private = path.startswith("/api/") and "Cache-Control" not in response.headers
    response.headers.update(_headers(PAGES.get(path), private))


@functools.cache
def _headers(page: str | None, private: bool) -> dict[str, str]:
    """The headers of one kind of answer, put together once (a web chat message gets one of these)."""
    headers = {**_ALWAYS, "Content-Security-Policy": page_policy(page) if page else LOCKED}
    if private:
        headers["Cache-Control"] = "no-store"
    return headers
