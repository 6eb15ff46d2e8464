"""The Content-Security-Policy on every page, no inline script anywhere in
the templates, the API docs served from the project (offline) and behind
login in production, the /api/v1/ index, and ``check --deploy`` with the
production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in ("csba", "sellers", "inquiries", "billing"))]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("who", ["anonymous", "agent", "seller_a", "operator"])
def test_every_page_carries_a_strict_policy(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    pages = {
        "anonymous": ["/", "/help/contact/", "/accounts/login/", "/api/docs/"],
        "agent": ["/agent/", f"/agent/tickets/{world.ticket_a.pk}/"],
        "seller_a": ["/seller/", f"/seller/cases/{world.case_a.pk}/", "/seller/api-tokens/", "/seller/billing/"],
        "operator": ["/admin/", "/admin/inquiries/ticket/"],
    }[who]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


def test_no_template_has_an_inline_script_handler_or_style_the_policy_would_block():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if "email" in path.parts:  # mail is read in a mail client, not under the site's policy
                continue
            text = path.read_text(encoding="utf-8")
            for name, pattern in (
                ("inline script", INLINE_SCRIPT),
                ("inline handler", INLINE_HANDLER),
                ("javascript: URL", JAVASCRIPT_URL),
                ("style attribute", STYLE_ATTRIBUTE),
            ):
                if pattern.search(text):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, "load scripts from static/ files, style with classes:\n" + "\n".join(offenders)


def test_the_docs_use_the_projects_own_assets_and_the_schema(client, world):
    page = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in a for a in assets)
    assert not [a for a in assets if a.startswith(("http://", "https://", "//"))], assets
    script = client.get("/api/docs/?script=").content.decode()
    assert "/api/schema/" in script
    schema = client.get("/api/schema/", headers={"accept": "application/json"})
    assert schema.status_code == 200 and "paths" in schema.json()


def test_in_production_the_schema_and_docs_are_behind_login(client, world, settings):
    settings.API_DOCS_PUBLIC = False
    assert client.get("/api/docs/").status_code == 302
    assert "/accounts/login/" in client.get("/api/docs/")["Location"]
    assert client.get("/api/schema/").status_code == 401
    client.force_login(world.users["seller_a"])
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200


def test_the_api_index_answers_with_its_collections_and_where_to_read_more(world):
    response = Client().get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert (body["documentation"], body["schema"]) == ("/api/docs/", "/api/schema/")
    assert body["endpoints"]["contacts"] == "/api/v1/contacts/"
    assert body["endpoints"]["seller-cases"] == "/api/v1/seller/cases/"
    assert all("<" not in url for url in body["endpoints"].values())


def test_check_deploy_with_the_production_settings_and_a_generated_key_warns_of_nothing(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csba.settings.prod",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "csba.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    for inherited in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by the browser tests of the same run
        env.pop(inherited, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    settings_of_prod = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'], s.API_DOCS_PUBLIC, s.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert settings_of_prod.returncode == 0, settings_of_prod.stderr
    assert "BasicAuthentication" not in settings_of_prod.stdout
    assert "TokenAuthentication" in settings_of_prod.stdout
    assert settings_of_prod.stdout.strip().endswith("False False")
