"""Request throttles of the API: per caller (a token, else a signed-in user,
else the client's address), with the rates of ``REST_FRAMEWORK
["DEFAULT_THROTTLE_RATES"]``: ``token`` and ``user`` for signed-in callers,
``anonymous`` for the rest. Over the rate: 429 with Retry-After, in the error
shape. Counts live in the cache (Redis in production, shared by every web
process)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from csba.login_throttle import client_address


class CallerRateThrottle(SimpleRateThrottle):
    cache_format = "throttle_%(scope)s_%(ident)s"
    scope = "user"  # chosen per request in allow_request

    def __init__(self):
        pass  # the rate depends on the caller: read in allow_request

    def allow_request(self, request, view):
        token = getattr(request, "auth", None)
        if getattr(token, "is_api_token", False):
            self.scope, self.ident = "token", f"token:{token.pk}"
        elif request.user is not None and request.user.is_authenticated:
            self.scope, self.ident = "user", f"user:{request.user.pk}"
        else:
            self.scope, self.ident = "anonymous", f"address:{client_address(request)}"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # read now: the settings may change (tests)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}
