"""Dramatiq workers: case fan-out, staff cards, status pushes, deadlines.

Import ``workers.broker`` before any actor module: it sets the broker the actors bind to.
"""
