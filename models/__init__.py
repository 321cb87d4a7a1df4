"""Tortoise models: people, conversations, cases and their audit log."""

#: Every module holding models, for Tortoise's config and for aerich.
MODEL_MODULES = [
    "models.user",
    "models.conversation",
    "models.case",
    "models.material",
    "models.webchat",
    "models.outbox",
    "models.staff",
    "models.ledger",
    "models.platform",
    "models.nonces",
    "models.linking",
    "models.staffaudit",
    "models.live",
    "models.ratings",
    "models.requests",
]
