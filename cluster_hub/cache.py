"""The shared cache, tolerant of Redis being away.

Everything the site keeps in the cache can be rebuilt from the database: pages and fragments,
routes, the sessions' copies (`cached_db`), Wagtail's site paths. So when Redis cannot be
reached a read is a miss and a write is skipped, and the page is built from the database,
instead of every page failing with a 500. Counters (`incr`, `decr`) still raise: their callers
(rate limits, the page generation) decide what an unknown count means.

After a failure the cache is not tried again for `CACHE_RETRY_SECONDS` (a Redis that does not
answer would otherwise cost its connect timeout on every call of every request). The outage and
the recovery are logged once each, not once per call. What the outage left stale (a page
generation that could not be bumped) is handled where it is known: `page_cache.invalidate`.

A write or delete skipped while Redis was away leaves Redis holding an older copy once it is
back: the session of someone who signed out meanwhile would sign them in again. So the keys of
skipped writes and deletes are remembered and deleted, before anything else is asked of Redis,
when it answers again (in this process: another process that reads such a key first still
gets the old copy, for as long as this one takes to send its next call).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_SKIPPED = object()


class CacheUnavailable(RedisConnectionError):
    """Raised by counters while the cache is known to be away (no new connection attempted)."""


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._retry_at = 0.0
        self._lock = threading.Lock()
        self._away = False
        self._skipped = set()  # (key, version) of writes and deletes skipped while away

    # --- health -----------------------------------------------------------------------------
    @property
    def reachable(self):
        """False while a recent failure holds calls back."""
        return time.monotonic() >= self._retry_at

    def _failed(self):
        self._retry_at = time.monotonic() + settings.CACHE_RETRY_SECONDS
        with self._lock:
            was_away, self._away = self._away, True
        if not was_away:
            logger.warning("cache unreachable: serving from the database", exc_info=True)

    def _succeeded(self):
        if self._away:
            with self._lock:
                was_away, self._away = self._away, False
            if was_away:
                logger.warning("cache reachable again")

    def _call(self, method, fallback, *args, **kwargs):
        if not self.reachable:
            return fallback
        try:
            self._delete_skipped()
            result = method(*args, **kwargs)
        except UNREACHABLE:
            self._failed()
            return fallback
        self._succeeded()
        return result

    def _write(self, method, fallback, keys, version, *args):
        """A write or delete of `keys`: remembered when skipped (see the module's text)."""
        result = self._call(method, _SKIPPED, *args)
        if result is _SKIPPED:
            with self._lock:
                self._skipped.update((key, version) for key in keys)
            return fallback
        return result

    def _delete_skipped(self):
        if not self._skipped:
            return
        with self._lock:
            skipped, self._skipped = self._skipped, set()
        try:
            by_version = {}
            for key, version in skipped:
                by_version.setdefault(version, []).append(key)
            for version, keys in by_version.items():
                super().delete_many(keys, version)
        except BaseException:
            with self._lock:
                self._skipped |= skipped
            raise

    def _counter(self, method, *args, **kwargs):
        if not self.reachable:
            raise CacheUnavailable("cache unreachable")
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE:
            self._failed()
            raise
        self._succeeded()
        return result

    # --- reads are misses, writes are skipped -------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write(super().set, None, [key], version, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(super().add, False, [key], version, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(
            super().set_many, list(data), list(data), version, data, timeout, version
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._write(super().delete, False, [key], version, key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._write(super().delete_many, None, keys, version, keys, version)

    def clear(self):
        return self._call(super().clear, False)

    # --- counters raise --------------------------------------------------------------------
    def incr(self, key, delta=1, version=None):
        return self._counter(super().incr, key, delta, version)
