"""The authorization matrix, generated from the URL resolver and the OpenAPI
schema: every route × role (anonymous, an agent of another marketplace,
seller A on seller B's objects, an operator) gets the status of its entry
in ``matrix.MATRIX`` (the admin's routes by one rule); the rightful owner
gets the page; a refused write writes nothing. A route (or an API
operation) without an entry fails ``test_every_route_has_an_entry``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from csba.tokens import token_create
from inquiries.caselog.services import case_seller_reply
from inquiries.caselog.services.templates import reply_template_save

from .conftest import row_counts
from .matrix import ADMIN_PARAMETERS, LOGIN, MATRIX, ROLES
from .schema import operations

pytestmark = pytest.mark.django_db


def routes() -> list[tuple[str, str, URLPattern]]:
    """(qualified name, route, pattern) of every URL pattern of the site."""

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            else:
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
                yield name or f"{namespace or ''}:<unnamed>", prefix + str(entry.pattern), entry

    return list(walk(get_resolver().url_patterns, "", None))


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def test_every_route_has_an_entry():
    names = {name for name, _, _ in routes() if not is_admin(name)}
    assert not sorted(names - set(MATRIX)), (
        f"routes without an entry in tests/security/matrix.py: {sorted(names - set(MATRIX))}"
    )
    assert not sorted(set(MATRIX) - names), f"entries for routes that no longer exist: {sorted(set(MATRIX) - names)}"


def test_every_api_operation_of_the_schema_has_its_method_in_the_matrix():
    missing = []
    for op in operations():
        path = op.path.replace("{id}", "1").replace("{code}", "US")
        name = resolve(path).view_name
        entry = MATRIX.get(name)
        if entry is None or getattr(entry, op.method) is None:
            missing.append(f"{op.method.upper()} {op.path} ({name})")
    assert not missing, missing


@pytest.fixture
def probed(world):
    """The world plus seller B's case-reply file and API token."""
    reply = case_seller_reply(
        case_id=world.case_b.pk,
        seller=world.seller_b,
        body="Tracking attached.",
        attachments=[SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")],
        now=world.now,
    )
    world.attachment_b = reply.attachments.get()
    world.template_b = reply_template_save(
        seller_id=world.seller_b.pk, name="B's tracking answer", body="Tracking: {order_number}", now=world.now
    )
    world.token_b = token_create(
        user=world.seller_b.user, seller=world.seller_b, name="B's shop sync", now=world.now
    ).token
    return world


def _as(client, world, role):
    client.logout()
    if role not in (None, "anonymous"):
        client.force_login(world.users[role])
    return client


def _check(response, expected, url: str) -> str | None:
    status = response.status_code
    if expected == LOGIN:
        if url.startswith("/api/"):
            return None if status == 401 else f"{status}, expected 401"
        location = response.get("Location", "")
        return None if status == 302 and "/accounts/login/" in location else f"{status} {location}, expected login"
    return None if status == expected else f"{status}, expected {expected}"


def _send(client, method, url, entry, world):
    if method == "get":
        return client.get(url)
    if entry.json:
        return client.post(url, entry.body(world), content_type="application/json")
    return client.post(url, entry.body(world))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_the_matrix_says(client, probed, name):
    entry = MATRIX[name]
    url = entry.path or reverse(name, kwargs=entry.kwargs(probed))
    if entry.query is not None:
        url += "?" + entry.query(probed)
    failures = []
    for method in ("get", "post"):
        expectations = getattr(entry, method) or {}
        for role in ROLES:
            if role not in expectations:
                continue
            before = row_counts() if method == "post" else None
            response = _send(_as(client, probed, role), method, url, entry, probed)
            problem = _check(response, expectations[role], url)
            if problem:
                failures.append(f"{method.upper()} {url} as {role}: {problem}")
            if method == "post" and row_counts() != before:
                failures.append(f"POST {url} as {role} wrote rows")
            if method == "get" and entry.absent and response.status_code == 200 and role in ("seller_a", "agent_other"):
                body = response.content.decode(errors="replace")
                shown = [text for text in entry.absent(probed) if text in body]
                if shown:
                    failures.append(f"GET {url} as {role} shows another's {shown}")
    if entry.owner is not None:
        who, status = entry.owner
        owner_url = reverse(name, kwargs=(entry.owner_kwargs or entry.kwargs)(probed))
        response = _as(client, probed, who).get(owner_url)
        if response.status_code != status:
            failures.append(f"GET {owner_url} as its owner {who}: {response.status_code}, expected {status}")
    assert not failures, "\n".join(failures)


def admin_routes() -> list[tuple[str, str]]:
    found = []
    for name, route, pattern in routes():
        if not is_admin(name):
            continue
        keys = list(pattern.pattern.regex.groupindex)
        found.append((name, route, {key: ADMIN_PARAMETERS[key] for key in keys}))
    return found


def _admin_url(name: str, route: str, kwargs: dict) -> str:
    if name.endswith("<unnamed>") or not name.split(":", 1)[1] or name == "admin:None":
        return "/admin/" + kwargs.get("url", "")
    return reverse(name, kwargs=kwargs)


# The admin's own sign-in pages are for everybody.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


@pytest.mark.parametrize(("name", "route", "kwargs"), admin_routes(), ids=[r[1] for r in admin_routes()])
def test_only_operators_reach_the_admin(client, world, name, route, kwargs):
    url = _admin_url(name, route, kwargs)
    if name in ADMIN_PUBLIC:
        assert _as(client, world, "anonymous").get(url).status_code in (200, 302, 405)
        return
    for role in ("anonymous", "agent_other", "seller_a"):
        for method in ("get", "post"):
            before = row_counts()
            response = getattr(_as(client, world, role), method)(url)
            assert response.status_code == 302, (method, url, role, response.status_code)
            assert response["Location"].startswith("/admin/login/"), (url, role, response["Location"])
            assert row_counts() == before
    response = _as(client, world, "operator").get(url)
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)  # never a 500
