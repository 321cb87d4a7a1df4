"""A clerk's chat account (Telegram) linked to their desk account by a code shown on the desk.

The desk shows a short-lived code to the signed-in member; they send it from the chat account
(privately to the bot, or in their department's group). The code proves the desk member, the
chat platform proves the chat account: from then on that chat account's card presses are the
desk member's (``models.staff.member_on``). Only the code's hash is stored; failures are counted
per chat account in the database, like failed desk sign-ins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from handlers.dialog.linking import ALPHABET, CODE_LENGTH, normalised, plausible
from models import db
from models.staff import SignInFailures, StaffChatAccount, StaffChatCode, StaffMember

#: Long enough to switch to the phone and type it, short enough that a code seen over a shoulder is soon useless.
VALID_FOR = dt.timedelta(minutes=10)
#: Wrong codes from one chat account, within the window, before no code from it is looked at.
TRIES = 5
TRY_WINDOW = dt.timedelta(minutes=15)


class StaffLinkOutcome(StrEnum):
    LINKED = "linked"
    WRONG = "wrong"
    LIMITED = "limited"


@dataclass(frozen=True)
class StaffLinked:
    outcome: StaffLinkOutcome
    member: StaffMember | None = None


def _hashed(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def issue_code(member: StaffMember) -> tuple[str, dt.datetime]:
    """A new code for the member (their earlier unused ones end), and when it expires."""
    now = db.now()
    await StaffChatCode.filter(member=member, used_at__isnull=True).delete()
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + VALID_FOR
    await StaffChatCode.create(member=member, code_hash=_hashed(code), expires_at=expires)
    return code, expires


async def link_chat(channel: str, external_id: str, typed: str) -> StaffLinked:
    """Links the chat account to the code's member, if the code is good, unused and not expired."""
    now, key = db.now(), f"chat:{channel}:{external_id}"
    tried = await SignInFailures.get_or_none(key=key)
    if tried is not None and tried.since > now - TRY_WINDOW and tried.failures >= TRIES:
        return StaffLinked(StaffLinkOutcome.LIMITED)
    code = normalised(typed)
    found = (
        await StaffChatCode.get_or_none(code_hash=_hashed(code)).prefetch_related("member") if plausible(code) else None
    )
    if found is None or found.used_at is not None or found.expires_at <= now or not found.member.active:
        if tried is None or tried.since <= now - TRY_WINDOW:
            await SignInFailures.update_or_create(key=key, defaults={"failures": 1, "since": now, "locked_until": None})
        else:
            await SignInFailures.filter(id=tried.id).update(failures=tried.failures + 1)
        return StaffLinked(StaffLinkOutcome.WRONG)
    # used once: a second sender of the same code finds it used
    if not await StaffChatCode.filter(id=found.id, used_at__isnull=True).update(used_at=now):
        return StaffLinked(StaffLinkOutcome.WRONG)
    await StaffChatAccount.update_or_create(
        channel=channel, external_id=external_id, defaults={"member_id": found.member.id}
    )
    await SignInFailures.filter(key=key).delete()
    return StaffLinked(StaffLinkOutcome.LINKED, found.member)


async def chat_accounts(member: StaffMember) -> list[str]:
    """The chat platforms linked to the member's desk account."""
    return sorted(await StaffChatAccount.filter(member=member).values_list("channel", flat=True))  # type: ignore[arg-type]
