"""``GYOKAKU_CACHE`` chooses where kept public answers live; a wrong value stops the start."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from gyokaku.settings import cache_config


def test_memory_by_default_and_shared_caches_by_name() -> None:
    assert cache_config("")["BACKEND"].endswith("LocMemCache")
    assert cache_config("database")["LOCATION"] == "gyokaku_cache"
    redis = cache_config("redis://cache.example:6379/0")
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"].startswith("redis://")


def test_a_wrong_value_says_what_is_allowed() -> None:
    with pytest.raises(ImproperlyConfigured, match="locmem・database・redis"):
        cache_config("memcached://x")
