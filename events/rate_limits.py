"""Sliding-window rate limits for the live rooms.

Per person and action across processes (`allow`, on the shared cache): a sliding-window
counter, which weighs the previous fixed window by how much of it still falls inside the last
`seconds`. Unlike fixed windows it lets no burst of twice the limit through around a window
boundary (120 votes just before a minute turns and 120 just after). Per socket (`SlidingWindow`,
in memory): an exact log of the last hits."""

import time
from collections import deque

from django.core.cache import cache


def allow(key, count, seconds, *, now=None):
    """Count one hit for `key`; False if that makes more than `count` in the last `seconds`."""
    now = time.time() if now is None else now
    window, offset = divmod(now, seconds)
    current_key = f"{key}:{int(window)}"
    previous = cache.get(f"{key}:{int(window) - 1}") or 0
    if cache.add(current_key, 1, timeout=2 * seconds + 1):
        current = 1
    else:
        try:
            current = cache.incr(current_key)
        except ValueError:  # expired between add and incr
            cache.set(current_key, 1, timeout=2 * seconds + 1)
            current = 1
    weighted = previous * (1 - offset / seconds) + current
    if weighted > count:
        # A refused hit does not count towards the next window's estimate.
        cache.decr(current_key)
        return False
    return True


class SlidingWindow:
    """At most `count` hits in any `seconds`, for one socket."""

    def __init__(self, count, seconds, clock=time.monotonic):
        self.count, self.seconds, self.clock = count, seconds, clock
        self.hits = deque()

    def hit(self):
        now = self.clock()
        while self.hits and self.hits[0] <= now - self.seconds:
            self.hits.popleft()
        if len(self.hits) >= self.count:
            return False
        self.hits.append(now)
        return True
