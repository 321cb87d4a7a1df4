"""Caches are bounded by bytes as well as entries."""

from __future__ import annotations

from casework.lru import LRU


def test_large_values_push_out_the_oldest_by_bytes() -> None:
    cache = LRU[str, str](1000, max_bytes=300, weigh=len)
    for key in "abc":
        cache.put(key, "x" * 100)
    assert len(cache) == 3 and cache.bytes == 300
    cache.get("a")  # a is used again: b is now the oldest
    cache.put("d", "y" * 150)
    assert cache.get("b") is None and cache.get("c") is None and cache.get("a") and cache.get("d")
    assert cache.bytes == 250


def test_a_value_replaced_or_dropped_gives_its_bytes_back() -> None:
    cache = LRU[str, str](10, max_bytes=1000, weigh=len)
    cache.put("a", "x" * 400)
    cache.put("a", "x" * 10)
    cache.drop("missing")
    assert cache.bytes == 10
    cache.drop("a")
    assert cache.bytes == 0 and len(cache) == 0


def test_without_a_byte_bound_entries_still_bound_it() -> None:
    cache = LRU[int, int](2)
    for n in range(5):
        cache.put(n, n)
    assert len(cache) == 2 and cache.get(4) == 4 and cache.get(0) is None


def test_the_conversation_cache_is_bounded_by_bytes(db: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from bot.runtime import Runtime
    from bot.settings import Settings
    from handlers.search import searcher_for

    assert Settings.from_env({"YJS_CONVERSATION_CACHE_MB": "8"}).conversation_cache_mb == 8
    dialogs = Runtime(catalog, searcher_for(catalog), cache_bytes=8 << 20)
    assert dialogs.repo.cache.max_bytes == 8 << 20 and dialogs.users.max_bytes is not None
