"""Business code reads time only through csba.clock.now()."""

import re
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["csba", "sellers", "inquiries", "billing"]
FORBIDDEN = re.compile(r"timezone\.now\(|datetime\.now\(|datetime\.utcnow\(|date\.today\(|auto_now(_add)?\s*=\s*True")


def _offenders() -> list[str]:
    found = []
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "clock.py" and path.parent.name == "csba" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if FORBIDDEN.search(line.split("#", 1)[0]):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_app_code_reads_the_wall_clock_directly():
    assert _offenders() == []


def test_the_rule_catches_a_direct_call(tmp_path, monkeypatch):
    # given a module that calls timezone.now() in an app folder
    bad = ROOT / "billing" / "_clock_rule_probe.py"
    bad.write_text("from django.utils import timezone\nSTAMP = timezone.now()\n", encoding="utf-8")
    try:
        # then the scan names it
        assert any("_clock_rule_probe.py:2" in hit for hit in _offenders())
    finally:
        bad.unlink()


def test_a_frozen_clock_can_be_moved(clock):
    from datetime import datetime, timedelta

    clock.set(datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    clock.advance(timedelta(hours=2))
    assert clock.now == datetime(2027, 1, 1, 1, 0, tzinfo=UTC)
