"""The build cache (bookpress.cache): entries unused for two weeks are pruned; hits count as use."""

from __future__ import annotations

from bookpress import cache


def test_cache_prunes_entries_unused_for_two_weeks(tmp_path):
    import os
    import time

    store = cache.Cache(tmp_path / "cache")
    store.put("kind", "old", b"1")
    store.put("kind", "used", b"2")
    store.put("kind", "new", b"3")
    month_ago = time.time() - 30 * 86400
    for name in ("old", "used"):
        os.utime(tmp_path / "cache" / "kind" / name, (month_ago, month_ago))
    assert store.get("kind", "used") == b"2"  # a hit marks it used
    assert store.prune() == 1
    assert sorted(p.name for p in (tmp_path / "cache" / "kind").iterdir()) == ["new", "used"]
