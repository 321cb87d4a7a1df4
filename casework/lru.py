"""A small least-recently-used map, for caches that must not grow without bound.

Bounded by entries and, given a weigh function, by bytes: one conversation with twenty pages
of materials weighs as much as a hundred at their first question, so a count alone bounds nothing.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def shallow_bytes(value: object) -> int:
    """About what a small record holds: the object, its attributes or items, one level down."""
    inner = getattr(value, "__dict__", None)
    parts = inner.values() if isinstance(inner, dict) else value if isinstance(value, tuple | list) else ()
    return sys.getsizeof(value) + sum(sys.getsizeof(part) for part in parts)


class LRU(Generic[K, V]):
    def __init__(self, size: int, max_bytes: int | None = None, weigh: Callable[[V], int] = shallow_bytes) -> None:
        self.size, self.max_bytes, self.weigh = size, max_bytes, weigh
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        #: What the values held weigh now (counted only with max_bytes).
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        weight = self.weigh(value) if self.max_bytes is not None else 0
        self.drop(key)
        self._items[key] = (value, weight)
        self.bytes += weight
        while len(self._items) > self.size or (self.max_bytes is not None and self.bytes > self.max_bytes):
            _, (_, gone) = self._items.popitem(last=False)
            self.bytes -= gone

    def drop(self, key: K) -> None:
        found = self._items.pop(key, None)
        if found is not None:
            self.bytes -= found[1]
