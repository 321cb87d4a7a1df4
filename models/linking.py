"""帮办代办 link codes: how a resident's own chat account becomes the resident of a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.case import Case
    from models.user import User


class ResidentLink(Model):
    """A one-time code for a case filed by staff; once used, its user is the case's resident."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="resident_links")
    #: sha256 of the code: the code itself is shown once, on the clerk's receipt, and kept nowhere.
    code_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    #: The chat account that gave the code: it is told of the case from then on.
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="resident_links", null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "resident_links"


class LinkAttempt(Model):
    """A code that did not link, counted per chat account so codes cannot be guessed."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="link_attempts")
    at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "link_attempts"
