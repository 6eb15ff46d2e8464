"""The console and search benchmarks run each database in a child process: the driver yields each child's
report (its last output line) and stops with the child's error output when a child fails."""

import argparse
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.per_database import add_arguments, run_per_database  # noqa: E402

CHILD = """
import json, os, sys
args = sys.argv[1:]
backend = args[args.index("--one") + 1]
if os.environ.get("FAIL_CHILD"):
    sys.exit("the child broke")
print("loading…")
print(json.dumps({"database": backend, "url": os.environ["DATABASE_URL"], "argv": args}))
"""


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser, tickets=100)
    return parser.parse_args(list(argv))


def test_one_child_per_database_each_with_its_report(tmp_path, monkeypatch):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:1/x")
    reports = dict(run_per_database(str(script), parse("--tickets", "5"), stem="demo", loading="5 tickets"))
    assert list(reports) == ["sqlite", "postgresql"]
    assert reports["sqlite"]["url"].startswith("sqlite:///") and reports["sqlite"]["url"].endswith("/demo.sqlite3")
    assert reports["postgresql"]["url"] == "postgres://u@127.0.0.1:1/x"
    assert reports["sqlite"]["argv"][reports["sqlite"]["argv"].index("--tickets") + 1] == "5"


def test_only_and_no_postgresql_without_its_url(tmp_path, monkeypatch):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert [b for b, _ in run_per_database(str(script), parse(), stem="demo", loading="")] == ["sqlite"]
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:1/x")
    only = [b for b, _ in run_per_database(str(script), parse("--only", "postgresql"), stem="demo", loading="")]
    assert only == ["postgresql"]


def test_a_failed_child_stops_with_its_error(tmp_path, monkeypatch):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    monkeypatch.setitem(os.environ, "FAIL_CHILD", "1")
    with pytest.raises(SystemExit, match="(?s)sqlite run failed:.*the child broke"):
        list(run_per_database(str(script), parse(), stem="demo", loading=""))
