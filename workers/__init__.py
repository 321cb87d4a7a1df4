"""Dramatiq workers: case fan-out, staff cards, status pushes, deadlines.

Install the broker (``workers.broker.install(settings.queue)``) before importing any actor
module: the actors bind to it when declared.
"""
