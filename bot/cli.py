"""The ``yijianshi`` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sys
from typing import TypeAlias

from bot.catalog_json import catalog_json
from bot.logs import add_secrets, setup_logging
from bot.settings import Settings, SettingsError
from handlers.catalog import CatalogError, load_catalog
from models.staff import Role
from workers.queues import Queues


def cmd_scenarios(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    if args.json:
        json.dump(catalog_json(catalog), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for s in catalog:
        leads = "、".join(catalog.department_name(d, "zh_CN") for d in s.lead_departments)
        promise = catalog.promise(s)
        days = f"{promise.days}{'个工作日' if promise.unit == 'workdays' else '日'}" if promise else "时限待告知"
        applied_for = sum(not i.internal for i in s.items)
        print(f"{s.id:34} 第{s.batch}批  {s.name.zh_CN}  ({applied_for}项, {days}, {leads})")
    print(f"{len(catalog)} scenarios from {catalog.directory}")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.search import Searcher

    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    searcher = Searcher(catalog, settings.policy_dir)
    if args.eval:
        from handlers.search.quality import load_cases, measure

        quality = measure(lambda q: [h.id for h in searcher(q).ranked], load_cases(args.eval))
        print(quality.report())
        for case, ids in quality.misses:
            print(f"miss [{case.kind}] {case.q} -> {', '.join(ids) or '-'} (want {case.expect})")
        return 0
    if not args.query:
        print("yijianshi search: give a query, or --eval FILE", file=sys.stderr)
        return 2
    found = searcher(" ".join(args.query), args.lang)
    hits = found.ranked
    if args.json:
        reading = {"corrected": found.reading.corrected, "meanings": found.reading.meanings}
        body = {"query": found.query, "understood": reading, "found": found.found}
        body["results"] = [h.to_json(args.lang) for h in hits]
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if found.reading.changed or found.reading.meanings:
        print(f"understood as: {found.reading.corrected}  {' '.join(found.reading.meanings)}".rstrip())
    if not found.found:
        print("no good match; did you mean:")
    for h in hits:
        print(f"{h.kind:8} {h.id:40} {h.score:5.2f}  {h.title.get(args.lang)}  [{h.source}]")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    logging.getLogger().setLevel(logging.WARNING)  # the chat owns the terminal
    from bot.app import build_app
    from bot.channels.terminal import TerminalChannel, stdin_lines
    from workers.broker import install

    install(settings.queue)  # chat queues its work like a web process does

    async def main() -> None:
        app = await build_app(settings)
        terminal = TerminalChannel(app.dialogs, app.files)
        app.channels.add(terminal)
        try:
            await terminal.run(args.user, args.lang, stdin_lines())
        finally:
            await app.close()

    asyncio.run(main())
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.embedded import run_embedded

    run_embedded(settings)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.queue.redis_url:
        raise SettingsError("YJS_REDIS_URL is not set: `yijianshi serve` needs Redis (or use `yijianshi run`)")
    from bot.embedded import serve_web

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_web(settings))
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.queue.redis_url:
        raise SettingsError("YJS_REDIS_URL is not set: `yijianshi worker` takes its work from Redis")
    # An idle consumer polls Redis at least this often (ms); Dramatiq reads it when its worker module is imported.
    os.environ["dramatiq_worker_timeout"] = str(settings.queue.worker_timeout_ms)  # noqa: SIM112  (its spelling)
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    argv = ["bot.worker", "--processes", str(args.processes), "--threads", str(args.threads)]
    if args.queues:
        argv += ["--queues", *args.queues]
    return int(dramatiq_main(make_argument_parser().parse_args(argv)) or 0)


def cmd_dead_letters(args: argparse.Namespace, settings: Settings) -> int:
    from bot.admin import dead_letters

    return asyncio.run(dead_letters(settings, args.replay))


def cmd_wechat_menu(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.wechat.token:
        raise SettingsError("WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET are needed to set the account menu")
    from bot.channels.wechat import WechatChannel
    from models.db import close_db, open_db

    async def install() -> None:
        await open_db(settings.database_url)
        channel = WechatChannel(settings, None, None)
        try:
            await channel.install_menu()
        finally:
            await channel.close()
            await close_db()

    asyncio.run(install())
    print("WeChat account menu installed")
    return 0


def cmd_calendar(args: argparse.Namespace, settings: Settings) -> int:
    """Print the range of known holidays; exit 1 when fewer than 60 days ahead are covered (for monitoring)."""
    from bot.holidays import WARN_DAYS_AHEAD, coverage_warning, load_calendar, package_version
    from bot.runtime import shanghai_now

    today = dt.date.fromisoformat(args.today) if args.today else shanghai_now().date()
    calendar = load_calendar(settings.scenario_dir)
    years = sorted(calendar.years)
    first = f"{years[0]}-01-01" if years else "-"
    until = calendar.covered_until.isoformat() if calendar.covered_until else "-"
    print(f"holidays known from {first} until {until}")
    print(f"sources: chinesecalendar {package_version() or 'not installed'}, {calendar.source}")
    print(f"today {today}: {calendar.days_covered_ahead(today)} days ahead covered (at least {WARN_DAYS_AHEAD} wanted)")
    warning = coverage_warning(calendar, today)
    if warning:
        print(f"WARNING: {warning}", file=sys.stderr)
        return 1
    return 0


def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    """Seed sample cases (or top up the missing ones) through the real filing and decision paths."""
    from bot.demodata import seed
    from bot.holidays import load_calendar
    from models.db import close_db, open_db

    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)

    async def run() -> int:
        await open_db(settings.database_url)
        try:
            done = await seed(catalog, load_calendar(catalog.directory), settings.public_url, args.count)
        finally:
            await close_db()
        if not done.filed:
            print(f"demo data: all {done.existing} sample cases are there already; nothing to do")
        else:
            print(f"demo data: {done.filed} sample cases filed ({done.existing} were there already)")
        return 0

    return asyncio.run(run())


def cmd_staff(args: argparse.Namespace, settings: Settings) -> int:
    from bot.admin import staff

    return asyncio.run(staff(settings, args))


def cmd_messages(args: argparse.Namespace, settings: Settings) -> int:
    from bot.published import print_published

    return asyncio.run(print_published(settings, args.json, args.lang))


def cmd_knowledge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.published import export_knowledge

    if args.output in (None, "-"):
        return asyncio.run(export_knowledge(settings, sys.stdout, args.lang))
    with open(args.output, "w", encoding="utf-8") as out:
        return asyncio.run(export_knowledge(settings, out, args.lang))


#: What ``add_subparsers`` returns: each command is added to it in the order ``--help`` lists them.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="yijianshi", description="高效办成一件事 service bot")
    sub = root.add_subparsers(dest="command", required=True)
    _add_catalog_commands(sub)
    _add_process_commands(sub)
    _add_admin_commands(sub)
    _add_upkeep_commands(sub)
    _add_published_commands(sub)
    menu = sub.add_parser("wechat-menu", help="install the Official Account's menu (我要办事 / 我的办件 / 帮助)")
    menu.set_defaults(run=cmd_wechat_menu)
    return root


def _add_catalog_commands(sub: Commands) -> None:
    """The catalog as staff check it, and the search as the bot runs it."""
    scenarios = sub.add_parser("scenarios", help="list the scenario catalog")
    scenarios.add_argument("--json", action="store_true", help="print the whole catalog as JSON")
    scenarios.set_defaults(run=cmd_scenarios)
    search = sub.add_parser("search", help="search scenarios and policy passages as the bot does")
    search.add_argument("query", nargs="*")
    search.add_argument("--eval", metavar="FILE", help="measure top-1/top-3 on labelled queries (tests/search_eval)")
    search.add_argument("--json", action="store_true", help="print the ranked results as JSON")
    search.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    search.set_defaults(run=cmd_search)


def _add_process_commands(sub: Commands) -> None:
    """The processes: a terminal chat, the embedded demo, and production's web and worker processes."""
    chat = sub.add_parser("chat", help="chat in the terminal (works from a pipe)")
    chat.add_argument("--user", default="terminal-user")
    chat.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    chat.set_defaults(run=cmd_chat)
    run = sub.add_parser("run", help="the embedded demo: web chat, staff page and an in-process worker")
    run.set_defaults(run=cmd_run)
    serve = sub.add_parser("serve", help="production web process (web chat, staff page, webhooks) on Redis")
    serve.set_defaults(run=cmd_serve)
    worker = sub.add_parser("worker", help="production Dramatiq worker processes on Redis")
    worker.add_argument("--processes", type=int, default=2)
    worker.add_argument("--threads", type=int, default=4)
    worker.add_argument(
        "--queues",
        nargs="+",
        choices=Queues.ALL,
        help="only these queues (default all); e.g. one worker for `chats` alone, which the platforms throttle",
    )
    worker.set_defaults(run=cmd_worker)


def _add_admin_commands(sub: Commands) -> None:
    """What an operator does by hand: replay a dead letter, manage staff accounts."""
    dead = sub.add_parser("dead-letters", help="list messages that failed every retry, or replay one")
    dead.add_argument("--replay", type=int, metavar="ID", help="send this dead letter again")
    dead.set_defaults(run=cmd_dead_letters)
    staff = sub.add_parser(
        "staff", help="staff accounts: list, add, set a password, print a sign-in link, or revoke their sign-ins"
    )
    staff.add_argument("action", choices=["list", "add", "passwd", "link", "revoke"])
    staff.add_argument("who", nargs="?", help="for passwd, link, revoke: the member's id, login or name")
    staff.add_argument("--name")
    staff.add_argument("--login", help="what they sign in to the desk with (default: --name)")
    staff.add_argument(
        "--password-stdin",
        action="store_true",
        help="add, passwd: read the password from the first line of stdin (scripts); else asked without echo",
    )
    staff.add_argument("--set-password", action="store_true", help="add: ask for a password now instead of a link")
    staff.add_argument("--off", action="store_true", help="revoke: also switch the account off (chat buttons too)")
    staff.add_argument("--department", help="department key (see handlers/scenarios/departments.yaml)")
    staff.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value, help="what they may do")
    staff.add_argument("--admin", action="store_true", help="the same as --role admin")
    staff.add_argument("--channel", default="web", help="chat platform the account acts from")
    staff.add_argument("--external-id", help="the account's id on that platform")
    staff.add_argument("--id", type=int, help="staff member id, for passwd, link, revoke")
    staff.set_defaults(run=cmd_staff)


def _add_upkeep_commands(sub: Commands) -> None:
    """The holiday calendar's coverage (for monitoring) and sample cases for a demo desk."""
    calendar = sub.add_parser("calendar", help="the range of known holidays; exits 1 when under 60 days ahead")
    calendar.add_argument("--today", metavar="YYYY-MM-DD", help="count from this day instead of today (tests)")
    calendar.set_defaults(run=cmd_calendar)
    demo = sub.add_parser("demo-data", help="seed a few weeks of sample cases for the desk (tops up; idempotent)")
    demo.add_argument("--count", type=int, default=48, help="how many sample cases in all (default 48)")
    demo.set_defaults(run=cmd_demo_data)


def _add_published_commands(sub: Commands) -> None:
    """What the service publishes: 留言 replies made public, and the knowledge base for the 12345 hotline."""
    messages = sub.add_parser("messages", help="留言: the replies published with the writer's consent")
    messages.add_argument("--published", action="store_true", required=True, help="the published replies")
    messages.add_argument("--json", action="store_true", help="one JSON object per line")
    messages.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    messages.set_defaults(run=cmd_messages)
    know = sub.add_parser("knowledge", help="the knowledge base for the 12345 hotline: policy passages and answers")
    know.add_argument("action", choices=["export"])
    know.add_argument("--format", default="jsonl", choices=["jsonl"], help="one JSON object per line")
    know.add_argument("--output", metavar="FILE", help="write here instead of to standard output")
    know.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    know.set_defaults(run=cmd_knowledge)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    setup_logging(logging.INFO)
    try:
        settings = Settings.from_env()
        add_secrets(settings.secrets())
        return int(args.run(args, settings))
    except (SettingsError, CatalogError) as exc:
        print(f"yijianshi: {exc}", file=sys.stderr)
        return 2
