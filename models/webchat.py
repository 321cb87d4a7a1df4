from tortoise import fields
from tortoise.models import Model


class WebchatMessage(Model):
    """A message in a web chat, kept so a reload shows the history and pushes wait to be fetched."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="webchat_messages")
    sender = fields.CharField(max_length=8)
    payload = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webchat_messages"
        indexes = (("user_id", "id"),)
