"""Who looked up whom: staff searches by personal data, kept apart from any one case's log."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class StaffAudit(Model):
    """One staff action on personal data that belongs to no case event (a search by name, phone or ID)."""

    id = fields.IntField(primary_key=True)
    #: The member's ref (``staff:<id>:<name>``).
    actor = fields.CharField(max_length=128)
    #: What was done: ``search``.
    action = fields.CharField(max_length=24)
    #: What kind of personal data was searched by: ``name``, ``phone`` or ``id_card``.
    kind = fields.CharField(max_length=16)
    #: The search term, masked as cards show it: the log itself must not become a list of ID numbers.
    term = fields.CharField(max_length=64)
    #: The case numbers found, so a later review sees whose data was shown.
    found: list[str] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_audit"
        indexes = (("actor", "created_at"),)
