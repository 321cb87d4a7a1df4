"""Staff accounts and the case cards shown in their departments' group chats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.expressions import F
from tortoise.models import Model

if TYPE_CHECKING:
    from models.case import Case


class StaffMember(Model):
    """A staff account: belongs to one department, or is an admin of all."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    department = fields.CharField(max_length=48, null=True)
    is_admin = fields.BooleanField(default=False)
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
        return f"staff:{self.id}:{self.name}"

    def may_act_for(self, department: str) -> bool:
        return self.active and (self.is_admin or self.department == department)


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
