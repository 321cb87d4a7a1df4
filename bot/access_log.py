"""The web server's access log, without query strings.

aiohttp's default line carries the whole request line, query string included. WeChat puts its
signature, timestamp and nonce there; one read from a log was replayed as another resident. So
every route logs its path only.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger


class PathOnlyAccessLogger(AbstractAccessLogger):
    """One line per request: client, method, path (no query string), status, bytes, seconds."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %d %d %.3fs',
            request.remote,
            request.method,
            request.path,
            response.status,
            response.body_length,
            time,
        )


def web_runner(app: web.Application, access_log: bool = True, **options: Any) -> web.AppRunner:
    """The runner every server of ours uses, with the access log above (none if `access_log` is off);
    `options` go to each connection."""
    if not access_log:
        return web.AppRunner(app, access_log=None, **options)
    return web.AppRunner(app, access_log_class=PathOnlyAccessLogger, **options)
