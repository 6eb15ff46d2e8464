"""The API throttle on Redis (production's cache): the same behaviour as on the
local-memory cache of the other tests (their tests, run again here), counted
by one Lua script in one round trip; its counters are the integers Django's
cache reads, and a request over the rate is not counted."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import cache, caches
from django.test import Client

from csba.tokens import token_create
from tests.integration.conftest import redis_url  # noqa: F401 — the real Redis server (session fixture)
from tests.security.test_throttling import (  # noqa: F401 — run again on Redis
    low_rates,
    test_anonymous_callers_are_counted_by_address_on_the_public_endpoints,
    test_each_signed_in_user_has_its_own_rate,
    test_each_token_has_its_own_rate,
    test_the_window_slides_the_count_of_the_minute_before_weighs_less_as_it_passes,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def redis_cache(settings, redis_url):  # noqa: F811 — the imported fixture
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    redis.Redis.from_url(redis_url).flushdb()
    yield
    redis.Redis.from_url(redis_url).flushdb()


def test_on_redis_the_throttle_counts_with_one_script_call_per_request(world, monkeypatch, redis_url):  # noqa: F811
    from csba.api import throttling
    from csba.api.throttling import CallerRateThrottle

    assert type(caches["default"]).__name__ == "RedisCache"
    monkeypatch.setattr(CallerRateThrottle, "timer", staticmethod(lambda: 6000.0 + 30))
    calls = []
    real = throttling._redis_script

    def counted(backend):
        script = real(backend)
        return lambda **kwargs: calls.append(kwargs) or script(**kwargs)

    monkeypatch.setattr(throttling, "_redis_script", counted)
    token = token_create(user=world.users["integrator"], name="one", now=world.now)
    api = Client(headers={"authorization": f"Token {token.secret}"})
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert len(calls) == 4
    # the counter is the plain integer Django's cache reads (and the refused request was not counted)
    assert cache.get(f"throttle2_token_token:{token.token.pk}_100") == 3
    key = cache.make_and_validate_key(f"throttle2_token_token:{token.token.pk}_100")
    assert 0 < redis.Redis.from_url(redis_url).ttl(key) <= 120


def test_a_count_left_by_the_cache_api_is_read_by_the_script(world, monkeypatch):
    from csba.api.throttling import CallerRateThrottle

    monkeypatch.setattr(CallerRateThrottle, "timer", staticmethod(lambda: 6000.0 + 30))
    token = token_create(user=world.users["integrator"], name="one", now=world.now)
    cache.set(f"throttle2_token_token:{token.token.pk}_100", 2, 120)
    api = Client(headers={"authorization": f"Token {token.secret}"})
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(2)] == [200, 429]
