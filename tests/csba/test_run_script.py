"""`make run` (scripts/run.py): the processes' environment."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_module():
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_links_in_mail_follow_the_port_make_run_serves_on():
    run = _run_module()
    env = run.environment({"PATH": "/bin"}, host="127.0.0.1", port=8123)
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    assert env["PATH"] == "/bin" and env["DJANGO_SETTINGS_MODULE"] == "csba.settings.dev"


def test_a_site_url_given_by_the_operator_is_kept():
    run = _run_module()
    env = run.environment({"SITE_URL": "https://csba.example.com"}, host="0.0.0.0", port=80)
    assert env["SITE_URL"] == "https://csba.example.com"
