"""WeCom (企业微信) group robots for departments whose staff work there.

A group robot can post but cannot take a button press or edit what it posted, so each
change of a card is posted as markdown with a link to the staff page, where the
same buttons are.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp

from handlers.events import Reply

#: Markdown WeCom acts on, swapped for full-width look-alikes: its markdown has no documented
#: backslash escape, and residents type some of a card's text (names, notes, addresses).
_MARKDOWN = str.maketrans("[]()<>*`#", "［］（）＜＞＊｀＃")
#: A zero-width space after the scheme keeps WeCom from making a typed address a link.
_NO_AUTOLINK = re.compile(r"(?i)(https?):/(?=/)")


def plain(text: str) -> str:
    """Text to show as is inside WeCom markdown: no links, no formatting."""
    return _NO_AUTOLINK.sub("\\1:/\u200b", text.translate(_MARKDOWN))


class WecomRobotBoard:
    """Posts each card, as plain text with one link of ours to the staff page, through a department's robot."""

    name = "wecom"

    def __init__(self, robots: dict[str, str], base_url: str, public_url: str) -> None:
        self.robots, self.base, self.public_url = robots, base_url.rstrip("/"), public_url
        self._session: aiohttp.ClientSession | None = None

    async def _send(self, key: str, content: str) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        payload = {"msgtype": "markdown", "markdown": {"content": content[:4000]}}
        async with self._session.post(f"{self.base}/cgi-bin/webhook/send", params={"key": key}, json=payload) as r:
            body = await r.json(content_type=None)
        if body.get("errcode", 0) != 0:
            raise RuntimeError(f"WeCom robot: {body.get('errcode')} {body.get('errmsg')}")

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        key = self.robots.get(department)
        if key is None:
            return None
        actions = " ".join(b.label for b in card.buttons)
        link = f"[{plain(actions) or '查看'}]({self.public_url}/staff#department={department})"
        await self._send(key, f"{plain(card.text)}\n\n{link}")
        return {"posts": int((posted or {}).get("posts", 0)) + 1}

    async def notify(self, department: str, text: str) -> None:
        if (key := self.robots.get(department)) is not None:
            await self._send(key, plain(text))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
