"""The demo's staff accounts (`yijianshi run`): two departments' clerks, a head, a supervisor and an admin.

Each start gives them fresh random passwords, printed once to the console when the server listens on
loopback only; nothing else keeps them in clear.
"""

from __future__ import annotations

import secrets

from bot.staff.passwords import hash_password_async
from models.staff import Role, StaffChatAccount, StaffMember, end_sessions

#: login, name, role, department
DEMO_ACCOUNTS: list[tuple[str, str, Role, str | None]] = [
    ("power", "演示·供电经办人", Role.CLERK, "power"),
    ("approval", "演示·审批局经办人", Role.CLERK, "approval"),
    ("power-head", "演示·供电负责人", Role.HEAD, "power"),
    ("supervisor", "演示·督查", Role.SUPERVISOR, None),
    ("admin", "演示·管理员", Role.ADMIN, None),
]


async def demo_accounts() -> list[tuple[str, str, str]]:
    """Makes or resets the demo accounts; (login, password, name) of each."""
    made = []
    for login, name, role, department in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        hashed = await hash_password_async(password)
        values = {"name": name, "role": role, "department": department, "password_hash": hashed, "active": True}
        member, created = await StaffMember.get_or_create(
            channel="demo", external_id=f"demo-{login}", defaults={**values, "login": login}
        )
        if not created:
            await StaffMember.filter(id=member.id).update(**values)
            await end_sessions(member.id)  # last run's sessions end with last run's passwords
        made.append((login, password, name))
    return made


async def retire_demo_accounts() -> int:
    """Takes the passwords (and sessions, and chat accounts linked through them) from the demo accounts at a
    start with the demo off; how many could sign in.

    An earlier start on loopback made them, printed their passwords, and left them on: the same data
    served later on a public address would otherwise still take `admin` with a password from that console.
    The accounts stay, without a password, as the sample cases' clerks (`yijianshi demo-data`).
    """
    retired = await StaffMember.filter(channel="demo", password_hash__not_isnull=True)
    for member in retired:
        await StaffMember.filter(id=member.id).update(password_hash=None)
        await StaffChatAccount.filter(member_id=member.id).delete()
        await end_sessions(member.id)
    return len(retired)


def demo_banner(accounts: list[tuple[str, str, str]], url: str, show_passwords: bool) -> str:
    if not show_passwords:
        return "yijianshi: demo staff accounts made; set their passwords with `yijianshi staff passwd LOGIN`."
    lines = [f"yijianshi: staff desk {url}/staff, demo accounts (passwords are new at each start, shown once):"]
    lines += [f"  {login:12} {password:14} {name}" for login, password, name in accounts]
    return "\n".join(lines)
