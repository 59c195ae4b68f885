"""The one query every anonymous public read adds: the data stamp of web/public_cache.py (the
newest audit event), read before the answer is looked up in the cache or made."""

STAMP_QUERY = 1
