"""Admin commands: dead letters and staff accounts."""

from __future__ import annotations

import argparse

from bot.settings import Settings, SettingsError
from bot.signing import StaffClaim, load_secret, staff_token
from handlers.catalog import load_catalog
from models import db
from models.db import close_db, open_db
from models.outbox import DeadLetter, enqueue
from models.staff import DEPARTMENT_ROLES, Role, StaffMember, end_sessions


async def dead_letters(settings: Settings, replay: int | None) -> int:
    await open_db(settings.database_url)
    try:
        return await (_list_dead() if replay is None else _replay(replay))
    finally:
        await close_db()


async def _list_dead() -> int:
    rows = await DeadLetter.all().order_by("-id").limit(100)
    for row in rows:
        state = f"replayed {row.replayed_at:%Y-%m-%d %H:%M}" if row.replayed_at else "waiting"
        error = row.error.strip().splitlines()[-1] if row.error.strip() else ""
        print(f"{row.id:5}  {row.created_at:%Y-%m-%d %H:%M}  {row.actor:16}  {row.key:40}  {state}  {error}")
    print(f"{len(rows)} dead letters")
    return 0


async def _replay(dead_id: int) -> int:
    row = await DeadLetter.get_or_none(id=dead_id)
    if row is None:
        print(f"no dead letter {dead_id}")
        return 1
    # The payload keeps its own idempotency key, so work that did happen is not done twice.
    await enqueue(row.actor, f"replay:{row.id}:{db.now():%Y%m%d%H%M%S}", **row.payload)
    await DeadLetter.filter(id=row.id).update(replayed_at=db.now())
    print(f"dead letter {row.id} queued again ({row.actor}); a web or worker process sends it")
    return 0


async def staff(settings: Settings, args: argparse.Namespace) -> int:
    await open_db(settings.database_url)
    try:
        if args.action == "list":
            for m in await StaffMember.all().order_by("id"):
                where = f"{m.role}:{m.department}" if m.department else str(m.role)
                state = "active" if m.active else "off"
                print(f"{m.id:4}  {m.name:20}  {where:28}  {m.channel}:{m.external_id}  {state}")
            return 0
        if args.action == "add":
            return await _add(settings, args)
        if args.action == "revoke":
            return await _revoke(args.who or str(args.id or ""))
        return await _link(settings, args)
    finally:
        await close_db()


async def _add(settings: Settings, args: argparse.Namespace) -> int:
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    role = Role.ADMIN if args.admin else Role(args.role)
    if not args.name or (role in DEPARTMENT_ROLES and not args.department):
        raise SettingsError("staff add needs --name, and --department for a clerk, lead or head")
    if args.department and args.department not in catalog.departments:
        raise SettingsError(f"--department {args.department!r}: not in departments.yaml")
    member = await StaffMember.create(
        name=args.name,
        department=args.department if role in DEPARTMENT_ROLES else None,
        role=role,
        channel=args.channel,
        external_id=args.external_id or f"{args.channel}-{args.name}",
    )
    print(f"staff member {member.id} added: {member.name}")
    return 0


async def _link(settings: Settings, args: argparse.Namespace) -> int:
    member = await StaffMember.get_or_none(id=args.id or 0)
    if member is None:
        raise SettingsError("staff link needs --id of an existing staff member (see `yijianshi staff list`)")
    claim = StaffClaim(member.id, member.token_version, int(db.now().timestamp()))
    hours = settings.staff.idle_hours
    print(f"{settings.public_url}/staff#token={staff_token(load_secret(settings), claim)}")
    print(f"(stops working after {hours} hours unused, or at `yijianshi staff revoke {member.id}`)")
    return 0


async def _revoke(who: str) -> int:
    """Ends every session and sign-in link of one member, named by id or by name."""
    found = await StaffMember.filter(id=int(who)) if who.isdigit() else await StaffMember.filter(name=who)
    if len(found) != 1:
        what = "no staff member" if not found else f"{len(found)} staff members (use the id)"
        raise SettingsError(f"staff revoke {who!r}: {what}; see `yijianshi staff list`")
    await end_sessions(found[0].id)
    print(f"staff member {found[0].id} ({found[0].name}): every sign-in link and session has stopped working")
    return 0
