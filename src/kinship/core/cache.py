"""The Redis cache with its connection pools kept for the life of the process.

Under ASGI Django builds a cache object for each request (the cache handler's storage
follows the request's context), and Django's Redis client opens a connection pool per
cache object: every request would open, and health-check, a new connection to Redis,
and leave the old one for the garbage collector. Here the pools belong to the process,
one per server address and set of options, so a request borrows a connection that is
already open.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_pools: dict[tuple[str, str], Any] = {}
_pools_lock = threading.Lock()


class SharedPoolsClient(RedisCacheClient):
    """Django's Redis cache client, taking its pools from the process-wide table."""

    # Set by Django's client (not in its type stubs).
    _servers: list[str]
    _pool_class: Any
    _pool_options: dict[str, Any]

    def _get_connection_pool(self, write: bool) -> Any:
        index: int = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        server = self._servers[index]
        key = (server, repr(sorted(self._pool_options.items(), key=lambda item: item[0])))
        pool = _pools.get(key)
        if pool is None:
            with _pools_lock:
                pool = _pools.get(key)
                if pool is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    _pools[key] = pool
        return pool


class SharedPoolsRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with process-wide connection pools."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolsClient
