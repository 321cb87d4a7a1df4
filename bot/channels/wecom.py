"""WeCom (企业微信) group robots for departments whose staff work there.

A group robot can post but cannot take a button press or edit what it posted, so each
change of a card is posted as markdown with a link to the staff page, where the
same buttons are.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from handlers.events import Reply


class WecomRobotBoard:
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
        link = f"[{actions or '查看'}]({self.public_url}/staff#department={department})"
        await self._send(key, f"{card.text}\n\n{link}")
        return {"posts": int((posted or {}).get("posts", 0)) + 1}

    async def notify(self, department: str, text: str) -> None:
        if (key := self.robots.get(department)) is not None:
            await self._send(key, text)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
