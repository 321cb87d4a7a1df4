"""Queue names in one place; the deploy config and a test check against these."""


class Queues:
    #: Routing a new case to its departments.
    CASES = "cases"
    #: Posting and editing staff cards in department chats.
    CARDS = "cards"
    #: Status messages to residents.
    PUSHES = "pushes"
    #: Periodic work: deadlines; and dead-letter bookkeeping.
    HOUSEKEEPING = "housekeeping"
    #: Read-aloud voice messages (elder mode).
    SPEECH = "speech"

    ALL = (CASES, CARDS, PUSHES, HOUSEKEEPING, SPEECH)
