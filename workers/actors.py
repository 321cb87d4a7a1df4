"""Every actor, declared on the broker the entry point installed; import this to run them.

Call ``workers.broker.install(settings.queue)`` first: the actor modules bind to that broker
when imported, and raise ``BrokerNotInstalled`` without one.
"""

from workers import cases, deadletters, deadlines, requests, speech

__all__ = ["cases", "deadletters", "deadlines", "requests", "speech"]
