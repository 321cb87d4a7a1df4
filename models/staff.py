"""Staff accounts and the case cards shown in their departments' group chats."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.expressions import F
from tortoise.models import Model

if TYPE_CHECKING:
    from models.case import Case


class Role(StrEnum):
    """What a staff member may do; bot/staff/access.py says what each one reaches."""

    #: Their department's items: the list, the cases behind it, the decisions.
    CLERK = "clerk"
    #: A clerk of a lead department who also sees whole cases of the scenarios it leads.
    LEAD = "lead"
    #: Their department (as lead where it leads), plus assignment and statistics.
    HEAD = "head"
    #: Every department's queues, escalations, 好差评 follow-ups, reviews of disputed ratings; decides nothing.
    SUPERVISOR = "supervisor"
    #: Accounts, departments, configuration.
    ADMIN = "admin"


#: The roles that belong to one department and decide its items.
DEPARTMENT_ROLES = frozenset({Role.CLERK, Role.LEAD, Role.HEAD})


class StaffMember(Model):
    """A staff account: a role, and for clerks, leads and heads their one department."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    department = fields.CharField(max_length=48, null=True)
    role = fields.CharEnumField(Role, max_length=16, default=Role.CLERK)
    #: What they sign in to the desk with (with a password); None: chat buttons only.
    login = fields.CharField(max_length=64, null=True, unique=True)
    #: argon2id hash (bot/staff/passwords.py); None until a sign-in link sets one.
    password_hash = fields.CharField(max_length=256, null=True)
    #: How this person is known on a chat platform (e.g. telegram + user id), for buttons in groups.
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=128)
    active = fields.BooleanField(default=True)
    #: Signed into every staff token; bumping it (sign-out, `yijianshi staff revoke`) ends them all at once.
    token_version = fields.IntField(default=0)

    class Meta:
        table = "staff_members"
        unique_together = (("channel", "external_id"),)

    @property
    def ref(self) -> str:
        """How the audit logs name this member as the actor (read back by ``staff_name``)."""
        return f"staff:{self.id}:{self.name}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def may_act_for(self, department: str) -> bool:
        """Whether this member decides the department's items (card buttons): its own clerks, leads and heads."""
        return self.active and self.role in DEPARTMENT_ROLES and self.department == department


def staff_name(actor: str) -> str | None:
    """The member's name in an actor ref a ``StaffMember.ref`` wrote; None for other actors (a resident, the system)."""
    kind, _, rest = actor.partition(":")
    return rest.split(":", 1)[-1] if kind == "staff" else None


class StaffCard(Model):
    """The one card a department sees for a case, edited in place as the case moves."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="cards")
    department = fields.CharField(max_length=48)
    #: Rendered card: {"text": ..., "buttons": [...]} as the staff view and adapters show it.
    body: dict[str, Any] = fields.JSONField(default=dict)
    #: Bumped at every change; buttons carry it, so a tap on an outdated card is refused.
    version = fields.IntField(default=0)
    #: Where the card was posted, per channel: {"telegram": {"chat": .., "message": ..}}.
    posted: dict[str, Any] = fields.JSONField(default=dict)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "staff_cards"
        unique_together = (("case", "department"),)


class StaffNotice(Model):
    """A reminder or escalation shown to a department beside its cards."""

    id = fields.IntField(primary_key=True)
    department = fields.CharField(max_length=48)
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_notices"
        indexes = (("department", "id"),)


async def end_sessions(member_id: int) -> bool:
    """Bumps the member's token version, so every token issued to them stops working; False if no such member."""
    return bool(await StaffMember.filter(id=member_id).update(token_version=F("token_version") + 1))


class StaffChatAccount(Model):
    """Another chat account of a desk member (Telegram, WeCom), linked by a code sent from that chat."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="chat_accounts"
    )
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=128)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_chat_accounts"
        unique_together = (("channel", "external_id"),)


class StaffChatCode(Model):
    """A code shown on the desk, sent from a chat account to link it to the desk member (its hash only)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[StaffMember] = fields.ForeignKeyField("models.StaffMember", related_name="codes")
    code_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_chat_codes"


async def member_on(channel: str, external_id: str) -> StaffMember | None:
    """The active member behind a chat account: the desk member it was linked to, else its own account."""
    link = await StaffChatAccount.get_or_none(channel=channel, external_id=external_id).prefetch_related("member")
    if link is not None:
        return link.member if link.member.active else None
    return await StaffMember.get_or_none(channel=channel, external_id=external_id, active=True)


class SignInFailures(Model):
    """Failed desk sign-ins per account or per address, shared by every web process through the database."""

    id = fields.IntField(primary_key=True)
    #: "account:<login>" or "address:<ip>".
    key = fields.CharField(max_length=200, unique=True)
    failures = fields.IntField(default=0)
    #: When the current run of failures began (older runs are forgotten).
    since = fields.DatetimeField()
    #: Sign-in refused until then.
    locked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_sign_in_failures"
