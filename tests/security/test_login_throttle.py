"""Failed sign-ins slow down the next attempt by account and by address with
a growing delay, and lock out past a threshold until an operator lifts it:
on the login page, the admin's login and HTTP Basic on the API."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client

from csba.models import LoginThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "account": {"free": 2, "base": 4, "cap": 60, "lockout": 6, "lockout_seconds": 3600, "forget_after": 86400},
    "address": {"free": 8, "base": 4, "cap": 60, "lockout": 30, "lockout_seconds": 3600, "forget_after": 3600},
}


@pytest.fixture(autouse=True)
def policy(settings):
    settings.LOGIN_THROTTLE = POLICY


@pytest.fixture
def victim(db):
    return UserFactory(username="victim", roles=["agents"])


def login(client, username="victim", password="wrong", url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def test_failures_past_the_free_ones_make_the_next_attempt_wait_longer_each_time(client, victim, clock):
    assert login(client).status_code == 200 and login(client).status_code == 200  # two free failures
    # the next attempt waits base x 2^0 = 4 s, even with the right password (it is not even checked)
    refused = login(client, password="pw-123456")
    assert refused.status_code == 429 and refused["Retry-After"] == "4"
    assert "wait 4 seconds" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    clock.advance(timedelta(seconds=4))
    login(client)  # the third failure: now 8 s
    assert login(client, password="pw-123456")["Retry-After"] == "8"
    clock.advance(timedelta(seconds=8))
    login(client)  # the fourth: 16 s
    assert login(client, password="pw-123456")["Retry-After"] == "16"
    clock.advance(timedelta(seconds=16))
    # the right password after the wait signs in and clears the account's count
    assert login(client, password="pw-123456").status_code == 302
    assert not LoginThrottle.objects.filter(scope="account", key="victim").exists()


def test_the_lockout_holds_until_an_operator_lifts_it(client, victim, clock):
    operator = UserFactory(username="boss", roles=["operators"], is_staff=True)
    for _ in range(6):
        login(client)
        clock.advance(timedelta(seconds=61))
    locked = login(client, password="pw-123456")
    assert locked.status_code == 429 and "locked" in locked.content.decode()
    clock.advance(timedelta(minutes=30))
    assert login(client, password="pw-123456").status_code == 429
    # an operator lifts it in the admin
    admin = Client(REMOTE_ADDR="10.9.9.9")
    admin.force_login(operator)
    row = LoginThrottle.objects.get(scope="account", key="victim")
    admin.post("/admin/csba/loginthrottle/", {"action": "lift", "_selected_action": [row.pk]})
    assert login(client, password="pw-123456").status_code == 302


def test_an_address_trying_many_accounts_is_slowed_down(clock, db):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(8):
        login(attacker, username=f"guess{n}")
    assert login(attacker, username="someone-else").status_code == 429
    # another address is not affected
    UserFactory(username="someone")
    assert login(Client(REMOTE_ADDR="198.51.100.1"), username="someone", password="pw-123456").status_code == 302


def test_the_admin_login_is_throttled_too(client, victim, clock):
    for _ in range(2):
        login(client, url="/admin/login/")
    response = login(client, password="pw-123456", url="/admin/login/")
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_http_basic_on_the_api_is_throttled_with_429_and_retry_after(victim, clock):
    def basic(password):
        value = base64.b64encode(f"victim:{password}".encode()).decode()
        return Client(headers={"authorization": f"Basic {value}"}).get("/api/v1/agent/tickets/")

    for _ in range(2):
        assert basic("wrong").status_code == 401
    refused = basic("pw-123456")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    clock.advance(timedelta(seconds=60))
    assert basic("pw-123456").status_code == 200
