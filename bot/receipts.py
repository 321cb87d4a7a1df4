"""Case receipts a resident can keep: a signed, expiring link handed out in the chat, and the printable page behind it.

The page needs no sign-in: the link itself is the permission, for one case, until it expires.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from aiohttp import web

from bot.signing import same, sign
from handlers.catalog import Catalog
from locales import translate
from models.case import Case, CaseItem

#: How long a receipt link works (the chat says "7天内有效").
RECEIPT_SECONDS = 7 * 24 * 3600


class Receipts:
    """Makes receipt links (``link`` is the engine's ``receipt_link``) and serves the page they open."""

    def __init__(
        self, catalog: Catalog, secret: bytes, public_url: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.catalog, self.secret, self.public_url, self.clock = catalog, secret, public_url, clock

    def link(self, number: str) -> str:
        until = int(self.clock()) + RECEIPT_SECONDS
        return f"{self.public_url}/receipt/{number}?until={until}&sig={self._signature(number, until)}"

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/receipt/{number}", self.page)]

    async def page(self, request: web.Request) -> web.Response:
        number, until = request.match_info["number"], request.query.get("until", "")
        valid = until.isascii() and until.isdigit() and int(until) >= self.clock()
        if not valid or not same(request.query.get("sig", ""), self._signature(number, int(until))):
            return web.Response(status=403, text=translate("zh_CN", "case.receipt.expired"))
        case = await Case.get_or_none(number=number)
        if case is None:
            raise web.HTTPNotFound()
        body = await self._render(case)
        return web.Response(text=body, content_type="text/html", headers={"Cache-Control": "no-store"})

    def _signature(self, number: str, until: int) -> str:
        return sign(self.secret, "receipt", f"{number}.{until}")

    async def _render(self, case: Case) -> str:
        lang, scenario = case.locale, self.catalog.scenarios[case.scenario_id]

        def t(key: str) -> str:
            return html.escape(translate(lang, f"case.receipt.{key}"))

        rows = []
        for item in await CaseItem.filter(case=case).order_by("id"):
            cells = (
                scenario.item(item.item_key).name.get(lang),
                self.catalog.department_name(item.department, lang),
                item.due_date.isoformat() if item.due_date else "-",
                translate(lang, f"item.status.{item.status}"),
            )
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        heads = "".join(f"<th>{t(k)}</th>" for k in ("item_header", "department_header", "due_header", "status_header"))
        due = case.due_date.isoformat() if case.due_date else "-"
        return (
            f'<!doctype html><html lang="{"zh-CN" if lang == "zh_CN" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{t("page_title")}</title>'
            f"</head><body><h1>{t('page_title')}</h1>"
            f"<p><strong>{html.escape(case.number)}</strong> · {html.escape(scenario.name.get(lang))}</p>"
            f"<p>{t('filed')}：{case.created_at:%Y-%m-%d}　{t('due')}：{due}</p>"
            f'<table border="1" cellpadding="6"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            "</body></html>"
        )
