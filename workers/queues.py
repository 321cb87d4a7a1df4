"""Queue names in one place; the deploy config and a test check against these."""


class Queues:
    #: Routing a new case to its departments.
    CASES = "cases"
    #: Drawing staff cards for the staff page (the database only: quick).
    CARDS = "cards"
    #: Posting and editing staff cards in department chats, which the platforms throttle (Telegram:
    #: about 20 messages a minute per group). Its own queue, for its own worker process
    #: (`yijianshi worker --queues chats`), so a backlog there never holds up routing or notices.
    CHATS = "chats"
    #: Status messages to residents.
    PUSHES = "pushes"
    #: Periodic work: deadlines; and dead-letter bookkeeping.
    HOUSEKEEPING = "housekeeping"
    #: Read-aloud voice messages (elder mode).
    SPEECH = "speech"

    ALL = (CASES, CARDS, CHATS, PUSHES, HOUSEKEEPING, SPEECH)
