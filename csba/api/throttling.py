"""Request throttles of the API: per caller (a token, else a signed-in user,
else the client's address), with the rates of ``REST_FRAMEWORK
["DEFAULT_THROTTLE_RATES"]``: ``token`` and ``user`` for signed-in callers,
``anonymous`` for the rest. Over the rate: 429 with Retry-After, in the error
shape. Counts live in the cache (Redis in production, shared by every web
process).

A sliding window kept as two counters (the current fixed window and the one
before it, weighted by how much of it still overlaps the last ``duration``
seconds): constant work and a few bytes in the cache per request, whatever
the rate. (DRF's own throttle keeps every request's time of the last minute
in one cache value, read and written whole on each request: at a few hundred
requests a second that list is the largest part of a request's work.) Like
DRF's, it reads then writes the count: two concurrent requests of one caller
may count as one — except on Redis, where one small Lua script reads both
counts, decides and counts the request in one round trip (atomic; the
counters are the plain integers Django's Redis cache stores, so either path
reads the other's)."""

from __future__ import annotations

import math
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from csba.login_throttle import client_address

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"1200/min"`` → (1200, 60)."""
    number, period = rate.split("/")
    return int(number), _PERIODS[period[0]]


class CallerRateThrottle(BaseThrottle):
    cache_format = "throttle2_%(scope)s_%(ident)s_%(window)d"
    timer = staticmethod(time.time)

    def allow_request(self, request, view):
        token = getattr(request, "auth", None)
        if getattr(token, "is_api_token", False):
            scope, ident = "token", f"token:{token.pk}"
        elif request.user is not None and request.user.is_authenticated:
            scope, ident = "user", f"user:{request.user.pk}"
        else:
            scope, ident = "anonymous", f"address:{client_address(request)}"
        # Read now, not at import: the settings may change (tests).
        self.limit, self.duration = parse_rate(api_settings.DEFAULT_THROTTLE_RATES[scope])
        now = self.timer()
        window = int(now // self.duration)
        self.elapsed = now - window * self.duration  # seconds into the current window
        current_key, previous_key = (
            self.cache_format % {"scope": scope, "ident": ident, "window": w} for w in (window, window - 1)
        )
        # Kept two windows: while current, and while it is the previous one.
        cache = caches["default"]
        if isinstance(cache, RedisCache):
            return self._count_in_redis(cache, current_key, previous_key)
        counts = cache.get_many([current_key, previous_key])
        self.current, self.previous = counts.get(current_key, 0), counts.get(previous_key, 0)
        if self._estimate(self.elapsed) >= self.limit:
            return False
        cache.set(current_key, self.current + 1, 2 * self.duration)
        return True

    def _count_in_redis(self, cache: RedisCache, current_key: str, previous_key: str) -> bool:
        script = _redis_script(cache)
        keys = [cache.make_and_validate_key(current_key), cache.make_and_validate_key(previous_key)]
        weight = 1 - self.elapsed / self.duration
        self.current, self.previous, allowed = script(keys=keys, args=[repr(weight), self.limit, 2 * self.duration])
        return bool(allowed)

    def _estimate(self, elapsed: float) -> float:
        """Requests in the ``duration`` seconds before ``elapsed`` into the current window."""
        return self.previous * (1 - elapsed / self.duration) + self.current

    def wait(self) -> float:
        """Seconds after which a request is allowed again (Retry-After)."""
        d, limit = self.duration, self.limit
        if self.current >= limit:
            # In the next window this one is the previous: allowed once its weight brings it under the limit.
            wait = (d - self.elapsed) + d * max(0.0, 1 - limit / self.current)
        else:
            # Within this window, as the previous one's weight falls.
            wait = d * (1 - (limit - self.current) / self.previous) - self.elapsed
        return max(1, math.floor(wait) + 1)  # a whole second past the moment the count is back at the limit


# KEYS: the current and the previous window's counters; ARGV: the previous one's weight, the limit, the
# counters' lifetime. Returns {current, previous, allowed}: counted (INCR) only when allowed.
_SLIDING_WINDOW = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[1]) + current >= tonumber(ARGV[2]) then
  return {current, previous, 0}
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {current, previous, 1}
"""


def _redis_script(backend: RedisCache):
    """The sliding-window script on a client of ``backend``'s connection pool,
    made once per cache object (Django's cache makes a new client for every
    call: ~0.05 CPU-ms each). redis-py runs it by its digest (EVALSHA) and
    loads it again if Redis forgot it."""
    script = backend.__dict__.get("_csba_throttle_script")
    if script is None:
        client = backend._cache.get_client(write=True)
        script = backend.__dict__["_csba_throttle_script"] = client.register_script(_SLIDING_WINDOW)
    return script
