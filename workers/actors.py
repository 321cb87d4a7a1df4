"""Every actor, declared on the broker set by ``workers.broker``; import this to run them."""

from workers import broker as _broker  # noqa: F401  (first: sets the broker)
from workers import cases, deadletters, deadlines, speech

__all__ = ["cases", "deadletters", "deadlines", "speech"]
