"""Schemathesis against the live schema (``/api/schema/`` of the running
application, through its WSGI handler): for every operation, examples that
fit the schema and examples that do not (bounded: ``EXAMPLES`` per operation
and mode), each sent with a token of a role the operation is for. No 5xx;
every status and body as the schema documents; data the schema forbids is
refused with a 4xx."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from csba.tokens import token_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 15

# Who calls what: the role an operation is for (path prefix, longest first).
CALLERS = [
    ("/api/v1/seller/", "seller_a"),
    ("/api/v1/sellers/", "integrator"),
    ("/api/v1/agent/", "agent"),
    ("/api/v1/cases/", "agent"),
    ("/api/v1/contacts/", "integrator"),
    ("/api/v1/billing/", "operator"),
    ("/api/v1/", "integrator"),
]


@pytest.fixture
def live_schema(world):
    # As Django's test client does: a request must not close the test's connection (it is inside the
    # test's transaction; on PostgreSQL closing it would end the test's data with it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    cache.clear()  # the throttles start from nothing
    made = {}
    for role in ("seller_a", "integrator", "agent", "operator"):
        user = world.users[role]
        seller = world.seller_a if role == "seller_a" else None
        made[role] = token_create(user=user, seller=seller, name="schemathesis", now=world.now).secret
    return made


schema = schemathesis.pytest.from_fixture("live_schema")


@schemathesis.serializer("message/rfc822")
def raw_mail(ctx, value) -> bytes:
    """The email endpoint's body: bytes as they are, anything else as its text."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_its_schema(case, tokens):
    role = next(role for prefix, role in CALLERS if case.operation.path.startswith(prefix))
    # A schema-valid request may still be refused by a business rule (an unknown marketplace, an empty
    # message, another seller's order): a 400 there is right, so "positive data acceptance" is not checked.
    case.call_and_validate(
        headers={"Authorization": f"Token {tokens[role]}"}, excluded_checks=[positive_data_acceptance]
    )
