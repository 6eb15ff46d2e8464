"""DRF throttles per caller: each token, each signed-in user, each anonymous
address has its own count; over the rate is 429 with Retry-After in the
error shape."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from csba.tokens import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "user": "2/min", "anonymous": "1/min"},
    }
    yield
    cache.clear()


def test_each_token_has_its_own_rate(world):
    one = token_create(user=world.users["integrator"], name="one", now=world.now)
    two = token_create(user=world.users["integrator"], name="two", now=world.now)
    api = Client(headers={"authorization": f"Token {one.secret}"})
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/billing/statements/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled" and set(refused.json()) == {"detail", "code", "errors"}
    other = Client(headers={"authorization": f"Token {two.secret}"})
    assert other.get("/api/v1/billing/statements/").status_code == 200


def test_each_signed_in_user_has_its_own_rate(client, world):
    client.force_login(world.users["operator"])
    assert [client.get("/api/v1/billing/statements/").status_code for _ in range(3)] == [200, 200, 429]
    other = Client()
    other.force_login(world.users["integrator"])
    assert other.get("/api/v1/billing/statements/").status_code == 200


def test_anonymous_callers_are_counted_by_address_on_the_public_endpoints(world):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    assert [first.get("/api/v1/").status_code for _ in range(2)] == [200, 429]
    assert second.get("/api/v1/").status_code == 200


def test_the_window_slides_the_count_of_the_minute_before_weighs_less_as_it_passes(world, monkeypatch):
    from csba.api.throttling import CallerRateThrottle

    token = token_create(user=world.users["integrator"], name="one", now=world.now)
    api = Client(headers={"authorization": f"Token {token.secret}"})
    moment = [6000.0 + 50]  # 50 s into a minute
    monkeypatch.setattr(CallerRateThrottle, "timer", staticmethod(lambda: moment[0]))
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # 20 s later (10 s into the next minute) the 3 of the minute before still weigh 3 x 50/60 = 2.5: one more
    moment[0] += 20
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(2)] == [200, 429]
    refused = api.get("/api/v1/billing/statements/")
    # 2.5 + 1 = 3.5 requests: under 3 again once the weight of the old 3 falls under 2 (past 20 s into the minute)
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 11
    moment[0] += 10
    assert api.get("/api/v1/billing/statements/").status_code == 429
    moment[0] += 1
    assert api.get("/api/v1/billing/statements/").status_code == 200
    # a whole quiet minute later the count starts afresh
    moment[0] += 120
    assert [api.get("/api/v1/billing/statements/").status_code for _ in range(4)] == [200, 200, 200, 429]
