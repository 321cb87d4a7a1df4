"""好差评: one rating per decided case item, by the resident, of the department that handled it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.case import Case, CaseItem
    from models.user import User


class Rating(Model):
    """The resident's rating of one item; changed in place within the period, each change in the case's log."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="ratings")
    item: fields.OneToOneRelation[CaseItem] = fields.OneToOneField("models.CaseItem", related_name="rating")
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="ratings")
    #: The department rated: the item's, when it was rated.
    department = fields.CharField(max_length=48, db_index=True)
    #: A ``handlers.ratings.Level`` value.
    level = fields.CharField(max_length=24)
    #: ``handlers.ratings.Reason`` values ticked (the two lowest levels only).
    reasons: list[str] = fields.JSONField(default=list)
    comment = fields.TextField(default="")
    #: The chat the rating came from (web, telegram, wechat, ...).
    channel = fields.CharField(max_length=16)
    #: When it was first given (the change period runs from here) and last changed; set from the step's clock.
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    #: The follow-up request a low rating opened (its number), if any.
    followup = fields.CharField(max_length=24, default="")
    #: 申诉复核: a ``handlers.ratings.Appeal`` value ("" none, asked, upheld, voided), with who and why.
    appeal = fields.CharField(max_length=8, default="")
    appeal_reason = fields.TextField(default="")
    appeal_by = fields.CharField(max_length=128, default="")
    reviewed_by = fields.CharField(max_length=128, default="")
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "ratings"
        indexes = (("department", "created_at"),)
