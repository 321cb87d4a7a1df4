"""Admin commands: dead letters and staff accounts."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.settings import Settings, SettingsError
from bot.signing import StaffClaim, load_secret, staff_token
from bot.staff.passwords import hash_password, password_problem
from casework import jobs
from handlers.catalog import load_catalog
from locales import translate
from models import db
from models.db import close_db, open_db
from models.outbox import DeadLetter
from models.staff import DEPARTMENT_ROLES, Role, SignInFailures, StaffMember, end_sessions


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
    try:
        await jobs.replay(row.actor, row.id, row.payload, db.now())
    except ValueError:
        print(f"dead letter {row.id} names no job this version runs ({row.actor!r}); not queued")
        return 1
    await DeadLetter.filter(id=row.id).update(replayed_at=db.now())
    print(f"dead letter {row.id} queued again ({row.actor}); a web or worker process sends it")
    return 0


async def staff(settings: Settings, args: argparse.Namespace) -> int:
    await open_db(settings.database_url)
    try:
        if args.action == "list":
            for m in await StaffMember.all().order_by("id"):
                where = f"{m.role}:{m.department}" if m.department else str(m.role)
                state = ("active" if m.active else "off") + (", password" if m.password_hash else "")
                print(f"{m.id:4}  {m.name:20}  {m.login or '-':16}  {where:28}  {m.channel}:{m.external_id}  {state}")
            return 0
        if args.action == "add":
            return await _add(settings, args)
        who = await _one(args.who or str(args.id or ""), args.action)
        if args.action == "revoke":
            return await _revoke(who, args.off)
        if args.action == "passwd":
            return await _passwd(who, _read_password(args.password_stdin))
        return _link(settings, who)
    finally:
        await close_db()


def _read_password(from_stdin: bool) -> str:
    """A new password from stdin's first line (scripts), else asked twice without echo; never printed or logged."""
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("new password: ")
        if getpass.getpass("again: ") != password:
            raise SettingsError("the two passwords differ; nothing changed")
    if problem := password_problem(password):
        raise SettingsError(translate("en", problem))
    return password


async def _one(who: str, action: str) -> StaffMember:
    """The one member named by id, login or name."""
    if not who:
        raise SettingsError(f"staff {action} needs the member's id, login or name (see `yijianshi staff list`)")
    found = await StaffMember.filter(id=int(who)) if who.isdigit() else await StaffMember.filter(login=who)
    if not found and not who.isdigit():
        found = await StaffMember.filter(name=who)
    if len(found) != 1:
        what = "no staff member" if not found else f"{len(found)} staff members (use the id)"
        raise SettingsError(f"staff {action} {who!r}: {what}; see `yijianshi staff list`")
    return found[0]


async def _add(settings: Settings, args: argparse.Namespace) -> int:
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    role = Role.ADMIN if args.admin else Role(args.role)
    if not args.name or (role in DEPARTMENT_ROLES and not args.department):
        raise SettingsError("staff add needs --name, and --department for a clerk, lead or head")
    if args.department and args.department not in catalog.departments:
        raise SettingsError(f"--department {args.department!r}: not in departments.yaml")
    login = args.login or args.name
    if await StaffMember.filter(login=login).exists():
        raise SettingsError(f"--login {login!r} is taken; choose another")
    password = _read_password(args.password_stdin) if args.password_stdin or args.set_password else None
    member = await StaffMember.create(
        name=args.name,
        login=login,
        department=args.department if role in DEPARTMENT_ROLES else None,
        role=role,
        channel=args.channel,
        external_id=args.external_id or f"{args.channel}-{args.name}",
        password_hash=hash_password(password) if password else None,
    )
    print(f"staff member {member.id} added: {member.name} (sign in as {login!r}, {role})")
    if password is None:
        _link(settings, member)
    return 0


def _link(settings: Settings, member: StaffMember) -> int:
    """A one-time link for the first sign-in or a reset: it sets a new password."""
    claim = StaffClaim(member.id, member.token_version, int(db.now().timestamp()))
    token = staff_token(load_secret(settings), claim, "staff-link")
    print(f"{settings.public_url}/staff#link={token}")
    hours = settings.staff.link_hours
    print(f"(works once, to set a password, within {hours} hours; `yijianshi staff revoke {member.id}` ends it)")
    return 0


async def _passwd(member: StaffMember, password: str) -> int:
    """Sets the password, ends every session and link, and lifts a lock on the account."""
    await StaffMember.filter(id=member.id).update(password_hash=hash_password(password), active=True)
    await end_sessions(member.id)
    await SignInFailures.filter(key=f"account:{(member.login or '').casefold()}").delete()
    print(f"staff member {member.id} ({member.name}): password set; their other sessions have ended")
    return 0


async def _revoke(member: StaffMember, off: bool) -> int:
    """Ends every session and sign-in link of one member and removes the password; --off switches them off."""
    await StaffMember.filter(id=member.id).update(password_hash=None, **({"active": False} if off else {}))
    await end_sessions(member.id)
    state = "; the account is switched off" if off else ""
    print(f"staff member {member.id} ({member.name}): every sign-in link and session has stopped working{state}")
    return 0
