"""The statistics page's API: figures as tables, a chart beside each, and every table as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.channels.http import clean_text, static_page, strings
from bot.staff import access
from bot.staff.charts import Table, bar_chart, csv_text
from bot.staff.sessions import StaffSessions
from bot.staff.worklist import SHANGHAI
from casework import stats
from handlers.catalog import Catalog
from handlers.workdays import WorkCalendar
from locales import translate
from models.staff import StaffMember

LANG = "zh_CN"
STATIC = "staff/static"
#: Longest custom period: a year and a day (figures are computed per request).
MAX_DAYS = 366


def stats_scope(member: StaffMember) -> list[str] | None:
    """The departments whose figures the member sees (None: the whole district); 403 for none."""
    if access.may_see_stats(member):
        return None
    if member.department and access.may_see_stats(member, member.department):
        return [member.department]
    raise web.HTTPForbidden(text='{"error": "statistics"}', content_type="application/json")


def t(key: str, **params: Any) -> str:
    return translate(LANG, f"stats.{key}", **params)


class StatsView:
    """/stats and its API: ``/api/staff/stats`` (tables and charts) and ``/api/staff/stats.csv``."""

    def __init__(
        self, catalog: Catalog, sessions: StaffSessions, calendar: WorkCalendar, clock: Callable[[], dt.datetime]
    ) -> None:
        self.catalog, self.sessions, self.calendar, self.clock = catalog, sessions, calendar, clock

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/stats", self.page),
            web.get("/api/staff/stats/strings", self.strings),
            web.get("/api/staff/stats", signed_in(self.figures)),
            web.get("/api/staff/stats.csv", signed_in(self.csv)),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("stats.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "stats.")

    async def figures(self, request: web.Request, member: StaffMember) -> web.Response:
        tables = await self._tables(request, member)
        charts = {table.id: bar_chart(f"chart-{table.id}", table.title, _bars(table)) for table in tables}
        return web.json_response(
            {
                "tables": [{"id": x.id, "title": x.title, "columns": x.columns, "rows": x.rows} for x in tables],
                "charts": charts,
            }
        )

    async def csv(self, request: web.Request, member: StaffMember) -> web.Response:
        wanted = clean_text(request.query.get("table", ""), "table")
        table = next((x for x in await self._tables(request, member) if x.id == wanted), None)
        if table is None:
            raise web.HTTPNotFound(text='{"error": "table"}', content_type="application/json")
        name = quote(f"{table.title}.csv")
        headers = {"Content-Disposition": f"attachment; filename=\"{table.id}.csv\"; filename*=UTF-8''{name}"}
        return web.Response(text=csv_text(table), content_type="text/csv", charset="utf-8", headers=headers)

    async def _tables(self, request: web.Request, member: StaffMember) -> list[Table]:
        today = self.clock().astimezone(SHANGHAI).date()
        by = request.query.get("by", "scenario")
        if by not in stats.DIMENSIONS:
            raise web.HTTPBadRequest(text='{"error": "by"}', content_type="application/json")
        scope = stats.Scope(
            stats_scope(member),
            scenario=clean_text(request.query.get("scenario", ""), "scenario"),
            item=clean_text(request.query.get("item", ""), "item"),
            department=clean_text(request.query.get("department", ""), "department"),
        )
        found = await stats.figures(self.catalog, self.calendar, _period(request, today), scope, by, today)
        return self.tables(found)

    def tables(self, found: stats.Figures) -> list[Table]:
        """Every table of the figures, as the page and the CSV show them."""
        count = t("col.count")
        channels: list[list[str | int | float]] = [
            [t(f"channel.{c}") if c in CHANNELS else c, n] for c, n in found.channels
        ]
        documents: list[list[str | int | float]] = [[self._document(k), n] for k, n in found.documents]
        reasons: list[list[str | int | float]] = [[r or t("no_reason"), n] for r, n in found.reasons]
        groups = [self._group_row(g, found.by) for g in found.groups]
        levels: list[list[str | int | float]] = [
            [translate(LANG, f"rating.level.{level}"), sum(g.levels[level] for g in found.satisfaction)]
            for level in stats.LEVELS
        ]
        satisfaction = [self._satisfaction_row(g, found.by) for g in found.satisfaction]
        return [
            Table("groups", t(f"by.{found.by}"), [t(f"col.{c}") for c in GROUP_COLUMNS], groups),
            Table("cases", t("cases"), [t("col.figure"), t("col.value")], self._case_rows(found)),
            Table("documents", t("documents"), [t("col.document"), count], documents),
            Table("reasons", t("reasons"), [t("col.reason"), count], reasons),
            Table("channels", t("channels"), [t("col.channel"), count], channels),
            Table("levels", t("levels"), [t("col.level"), count], levels),
            Table(
                "satisfaction",
                t("satisfaction", by=t(f"by.{found.by}")),
                [t("col.name"), t("col.rated")]
                + [translate(LANG, f"rating.level.{level}") for level in stats.LEVELS]
                + [t(f"col.{c}") for c in ("satisfied", "followups_open", "followups_overdue")],
                satisfaction,
            ),
        ]

    def _satisfaction_row(self, group: stats.Satisfaction, by: str) -> list[str | int | float]:
        return [
            self._name(group.key, by),
            group.rated,
            *(group.levels[level] for level in stats.LEVELS),
            _percent(group.satisfied_share),
            group.followups_open,
            group.followups_overdue,
        ]

    def _group_row(self, group: stats.Group, by: str) -> list[str | int | float]:
        return [
            self._name(group.key, by),
            group.received,
            group.in_progress,
            group.finished,
            _days(group.median_days),
            _days(group.p90_days),
            self._limit(group.key) if by == "item" else "",
            _percent(group.on_time_share),
            group.overdue_now,
            _percent(group.supplement_rate),
            _percent(group.rejection_rate),
        ]

    def _case_rows(self, found: stats.Figures) -> list[list[str | int | float]]:
        per_case = found.supplement_rounds / found.cases if found.cases else 0.0
        return [
            [t("row.cases"), found.cases],
            [t("row.supplemented"), _percent(found.supplemented_cases / found.cases if found.cases else None)],
            [t("row.rounds"), round(per_case, 2)],
            [t("row.elder"), _percent(found.elder_cases / found.cases if found.cases else None)],
            [t("row.proxy"), _percent(found.proxy_cases / found.cases if found.cases else None)],
        ]

    def _name(self, key: str, by: str) -> str:
        if by == "department":
            return self.catalog.department_name(key, LANG) if key in self.catalog.departments else key
        scenario_id, _, item = key.partition("/")
        scenario = self.catalog.scenarios.get(scenario_id)
        if scenario is None:
            return key
        return scenario.item(item).name.get(LANG) if item else scenario.name.get(LANG)

    def _limit(self, key: str) -> str:
        scenario_id, _, item = key.partition("/")
        scenario = self.catalog.scenarios.get(scenario_id)
        limit = self.catalog.limit(scenario, item) if scenario else None
        return t(f"limit.{limit.unit}", days=limit.days) if limit else t("limit.none")

    def _document(self, key: str) -> str:
        scenario_id, _, material = key.partition("/")
        scenario = self.catalog.scenarios.get(scenario_id)
        return scenario.material(material).name.get(LANG) if scenario else key


#: The columns of the groups table, in order (``stats.col.<name>`` in the locales).
GROUP_COLUMNS = (
    "name",
    "received",
    "in_progress",
    "finished",
    "median",
    "p90",
    "limit",
    "on_time",
    "overdue",
    "supplement",
    "rejection",
)
CHANNELS = ("web", "telegram", "wechat", "wecom", "terminal", "demo")


def _bars(table: Table) -> list[tuple[str, float]]:
    """The chart of a table: its first numeric column against its first column."""
    if table.id == "cases":
        return [(str(r[0]), float(r[1])) for r in table.rows[:1]]
    return [(str(r[0]), float(r[1])) for r in table.rows if isinstance(r[1], (int, float))]


def _period(request: web.Request, today: dt.date) -> stats.Period:
    kind = request.query.get("period", "month")
    if kind not in stats.PERIODS:
        raise web.HTTPBadRequest(text='{"error": "period"}', content_type="application/json")
    if kind != "custom":
        return stats.Period.of(kind, today)
    try:
        period = stats.Period(dt.date.fromisoformat(request.query["from"]), dt.date.fromisoformat(request.query["to"]))
    except (KeyError, ValueError):
        raise web.HTTPBadRequest(text='{"error": "from/to"}', content_type="application/json") from None
    if not 0 <= (period.end - period.start).days <= MAX_DAYS:
        raise web.HTTPBadRequest(text='{"error": "from/to"}', content_type="application/json")
    return period


def _days(value: float | None) -> str | float:
    return "" if value is None else value


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
