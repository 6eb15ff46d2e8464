"""Bad input on every write endpoint of the API: wrong types, missing fields,
deep nesting, lone surrogates, NUL characters, numbers out of range, bodies
that are not objects, oversize bodies, unknown content types. Each is a 4xx
in the API's error shape (400 with field errors), never a 500, and nothing
is written.

The endpoints come from the live OpenAPI schema: a new write endpoint without
an entry in CALLERS fails ``test_every_write_endpoint_is_probed``."""

from __future__ import annotations

import json

import pytest

from inquiries.models import RejectedMessage

from .conftest import row_counts
from .schema import operations, resolve

pytestmark = pytest.mark.django_db

# operationId -> (who calls it, path parameters, a valid body) so that each
# probe reaches the endpoint's validation with one thing wrong.
CALLERS = {
    "v1_agent_tickets_claim_create": ("agent", lambda w: {"id": w.ticket_a.pk}, lambda w: {"take_over": False}),
    "v1_agent_tickets_reply_create": ("agent", lambda w: {"id": w.ticket_a.pk}, lambda w: {"body": "Hello."}),
    "v1_agent_tickets_resolve_create": (
        "agent",
        lambda w: {"id": w.ticket_a.pk},
        lambda w: {"resolution": "answered"},
    ),
    "v1_cases_create": ("agent", lambda w: {}, lambda w: {"ticket": w.ticket_a.pk, "question": "Tracking?"}),
    "v1_contacts_create": ("integrator", lambda w: {}, lambda w: {"marketplace": "US", "text": "Where is it?"}),
    "v1_contacts_batch_create": (
        "integrator",
        lambda w: {},
        lambda w: {"contacts": [{"marketplace": "US", "text": "Where is it?"}]},
    ),
    "v1_contacts_email_create": ("integrator", lambda w: {}, None),  # raw mail: test_raw_mail_*
    "v1_seller_cases_replies_create": ("seller_a", lambda w: {"id": w.case_a.pk}, lambda w: {"body": "Shipped."}),
    "v1_seller_cases_safet_claims_create": (
        "seller_a",
        lambda w: {"id": w.case_a.pk},
        lambda w: {"refund": w.refund_a.pk, "ground": "buyer_abuse", "explanation": "Returned empty."},
    ),
    "v1_seller_enrollment_opt_in_create": ("seller_a", lambda w: {"code": "DE"}, lambda w: {"terms_accepted": True}),
    "v1_seller_enrollment_opt_out_create": ("seller_a", lambda w: {"code": "US"}, None),  # takes no body
    "v1_seller_enrollment_return_policy_create": (
        "seller_a",
        lambda w: {"code": "US"},
        lambda w: {"window_days": 30, "has_prepaid_labels": True, "restocking_fee_percent": "0"},
    ),
    "v1_sellers_create": (
        "integrator",
        lambda w: {},
        lambda w: {
            "name": "New Shop",
            "business_country": "US",
            "notification_email": "shop@example.com",
            "marketplaces": ["US"],
        },
    ),
    "v1_seller_transfers_create": (
        "seller_a",
        lambda w: {},
        lambda w: {"order_number": w.ticket_a.order.order_number, "text": "Please help this buyer."},
    ),
}

# Raw JSON for values no field takes: an object, a list, a lone surrogate,
# a NUL character, integers and floats out of range, a deep list.
BAD_VALUES = {
    "object": "{}",
    "list": "[[[]]]",
    "surrogate": '"\\ud800"',
    "nul": '"a\\u0000b"',
    "huge_integer": "1" + "0" * 30,
    "huge_float": "1e400",
    "deep": "[" * 40 + "]" * 40,
}
NOT_OBJECTS = ["[]", '"text"', "1", "null", "true", "[" * 100_000 + "]" * 100_000]


def write_operations():
    return [op for op in operations() if op.method in ("post", "put", "patch")]


def body_fields(op) -> tuple[list[str], list[str]]:
    schema = resolve(op.json_body)
    return list(schema.get("properties", {})), list(schema.get("required", []))


BATCH = "v1_contacts_batch_create"
BATCH_ITEM_FIELDS = ["marketplace", "channel", "text", "subject", "buyer_email", "language", "idempotency_key"]


def probes():
    for op in write_operations():
        caller = CALLERS.get(op.operation_id)
        if caller is None or caller[2] is None:
            continue
        fields, _ = body_fields(op)
        if op.operation_id == BATCH:
            fields += [f"contacts.0.{name}" for name in BATCH_ITEM_FIELDS]
        for field in fields:
            for label, raw in BAD_VALUES.items():
                yield pytest.param(op, field, raw, id=f"{op.operation_id}-{field}-{label}")


def _post(client, world, op, raw: str, *, content_type="application/json"):
    who, params, _ = CALLERS[op.operation_id]
    client.force_login(world.users[who])
    return client.generic(op.method.upper(), op.url(**params(world)), raw, content_type=content_type)


def assert_refused(response, *, status=400, field=None):
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and body["detail"] and body["code"]
    if status == 400:
        assert body["errors"], body
    if field is not None:
        assert any(key == field or key.startswith(f"{field}.") for key in body["errors"]), body


def test_every_write_endpoint_is_probed():
    missing = sorted({op.operation_id for op in write_operations()} - set(CALLERS))
    assert not missing, f"write endpoints without an entry in CALLERS: {missing}"


@pytest.mark.parametrize(("op", "field", "raw"), list(probes()))
def test_a_bad_value_in_one_field_is_refused_and_nothing_is_written(client, world, op, field, raw):
    # given a valid body with one field replaced by a value no field takes
    parsed = CALLERS[op.operation_id][2](world)
    if field.startswith("contacts.0."):
        parsed["contacts"][0][field.rsplit(".", 1)[-1]] = "__BAD__"
    else:
        parsed[field] = "__BAD__"
    raw_body = json.dumps(parsed).replace('"__BAD__"', raw)
    before = row_counts()
    # when it is posted
    response = _post(client, world, op, raw_body)
    # then it is refused with the field named (a batch refuses the contact in its place), and nothing is written
    if op.operation_id == BATCH and response.status_code == 200:
        assert [r["status"] for r in response.json()["results"]] == ["rejected"] * len(response.json()["results"])
    else:
        assert_refused(response, field=field)
    assert row_counts() == before


@pytest.mark.parametrize("op", [op for op in write_operations() if op.json_body], ids=lambda op: op.operation_id)
@pytest.mark.parametrize("raw", NOT_OBJECTS, ids=["list", "string", "number", "null", "true", "nested_100k"])
def test_a_body_that_is_not_an_object_is_refused(client, world, op, raw):
    before = row_counts()
    assert_refused(_post(client, world, op, raw))
    assert row_counts() == before


@pytest.mark.parametrize("op", [op for op in write_operations() if op.json_body], ids=lambda op: op.operation_id)
def test_missing_required_fields_are_named(client, world, op):
    _, required = body_fields(op)
    if not required:
        pytest.skip("every field has a default")
    before = row_counts()
    response = _post(client, world, op, "{}")
    assert_refused(response)
    assert set(required) <= set(response.json()["errors"])
    assert row_counts() == before


@pytest.mark.parametrize("op", [op for op in write_operations() if op.json_body], ids=lambda op: op.operation_id)
def test_a_lone_surrogate_in_a_key_and_a_nul_in_a_form_are_refused(client, world, op):
    before = row_counts()
    assert_refused(_post(client, world, op, '{"\\udfff": 1}'))
    fields, _ = body_fields(op)
    text = next((f for f in fields if f in {"text", "body", "question", "explanation", "reason"}), None)
    if text is not None:
        form = {**CALLERS[op.operation_id][2](world), text: "a\x00b"}
        who, params, _ = CALLERS[op.operation_id]
        client.force_login(world.users[who])
        response = client.post(op.url(**params(world)), form)  # multipart/form-data
        assert_refused(response, field=text)
    assert row_counts() == before


@pytest.mark.parametrize("op", [op for op in write_operations() if op.json_body], ids=lambda op: op.operation_id)
def test_an_oversize_body_is_413_before_it_is_read(client, world, settings, op):
    settings.CSBA_MAX_REQUEST_BYTES = 1000
    before = row_counts()
    response = _post(client, world, op, json.dumps({"text": "x" * 2000}))
    assert_refused(response, status=413)
    assert row_counts() == before


@pytest.mark.parametrize("op", [op for op in write_operations() if op.json_body], ids=lambda op: op.operation_id)
def test_an_unknown_content_type_is_415(client, world, op):
    before = row_counts()
    assert_refused(_post(client, world, op, "hello", content_type="text/plain"), status=415)
    assert row_counts() == before


# --- raw mail ---------------------------------------------------------------------------------------------------


def test_raw_mail_over_the_limit_is_413_and_not_read(client, world, settings):
    settings.CSBA_MAX_MAIL_BYTES = 10_000
    client.force_login(world.users["integrator"])
    before = row_counts()
    response = client.post(
        "/api/v1/contacts/email/", b"From: a@example.com\r\n\r\n" + b"x" * 20_000, content_type="message/rfc822"
    )
    assert_refused(response, status=413)
    assert row_counts() == before


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\xff" * 200, b"not a mail at all", b"From: \x00\r\nSubject: \xff\r\n\r\n"],
    ids=["empty", "binary", "no_headers", "nul_headers"],
)
def test_raw_mail_that_is_not_a_message_is_400_and_kept_as_rejected(client, world, raw):
    client.force_login(world.users["integrator"])
    before = row_counts()
    response = client.post("/api/v1/contacts/email/", raw, content_type="message/rfc822")
    assert_refused(response)
    after = row_counts()
    kept = after.pop("inquiries.RejectedMessage") - before.pop("inquiries.RejectedMessage")
    assert after == before and kept == (1 if raw else 0) or RejectedMessage.objects.count() <= 1


# --- query parameters -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url", "field"),
    [
        ("seller_a", "/api/v1/seller/cases/?state=AAA", "state"),
        ("seller_a", "/api/v1/seller/cases/?reason=nope", "reason"),
        ("seller_a", "/api/v1/seller/cases/?marketplace=%00", "marketplace"),
        ("operator", "/api/v1/billing/statements/?seller=100000000000000000000", "seller"),
        ("operator", "/api/v1/billing/statements/?seller=-1", "seller"),
        ("operator", "/api/v1/billing/statements/?month=2026-13", "month"),
        ("operator", "/api/v1/billing/statements/?marketplace=USA", "marketplace"),
        ("agent", "/api/v1/agent/tickets/?status=nope", "status"),
        ("agent", "/api/v1/agent/tickets/?page=100000000000000000000", "page"),
        ("agent", "/api/v1/agent/tickets/?marketplace=U%00", "marketplace"),
    ],
)
def test_an_invalid_filter_value_is_400_naming_the_parameter(client, world, who, url, field):
    client.force_login(world.users[who])
    assert_refused(client.get(url), field=field)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("seller_a", "/api/v1/seller/cases/100000000000000000000/"),
        ("operator", "/api/v1/billing/statements/100000000000000000000/"),
        ("agent", "/api/v1/agent/tickets/100000000000000000000/"),
        ("seller_a", "/api/v1/seller/enrollment/windows/100000000000000000000/"),
    ],
)
def test_a_huge_id_in_the_path_is_404(client, world, who, url):
    client.force_login(world.users[who])
    assert_refused(client.get(url), status=404)


def test_unknown_api_routes_and_methods_answer_in_the_error_shape(client, world):
    client.force_login(world.users["operator"])
    assert_refused(client.get("/api/v1/no-such-thing/"), status=404)
    assert_refused(client.get("/api/v2/"), status=404)
    assert_refused(client.delete("/api/v1/contacts/"), status=405)
    client.logout()
    assert_refused(client.get("/api/v1/seller/cases/"), status=401)


@pytest.mark.parametrize(
    "data",
    [
        {"units_per_month": "1" + "0" * 30, "contacts_per_month": "5"},
        {"units_per_month": "100", "contacts_per_month": "1" + "0" * 30},
        {"units_per_month": "100", "contacts_per_month": "5", "vtr_percent": "1e30"},
        {"units_per_month": "100", "contacts_by_month": "2026-07 " + "9" * 40},
    ],
    ids=["units", "contacts", "vtr", "contacts_by_month"],
)
def test_the_fee_estimator_refuses_huge_numbers_on_the_form(client, world, data):
    client.force_login(world.users["seller_a"])
    response = client.post("/seller/billing/estimator/", {"marketplace": "US", **data})
    assert response.status_code in (200, 400)
    assert response.context["form"].errors
