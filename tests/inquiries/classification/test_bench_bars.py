"""The classification bench judges its figures by the bars of issue 14."""

import pytest

from bench.classify_bench import bars


@pytest.mark.parametrize(
    "contacts,wall,p95,batch_ok,single_ok",
    [
        (10_000, 59.0, 29.0, True, True),
        (10_000, 61.0, 29.0, False, True),
        (10_000, 20.0, 31.0, True, False),
        (2_000, 14.0, 5.0, True, True),  # fewer contacts: the bar in proportion, never below the start-up's 15 s
        (2_000, 16.0, 5.0, False, True),
        (20_000, 110.0, 5.0, True, True),
    ],
)
def test_the_bars_are_the_issues(contacts, wall, p95, batch_ok, single_ok):
    judged = bars({"contacts": contacts, "wall_seconds": wall, "single_p95_ms": p95})
    assert (judged["batch_within_bar"], judged["single_within_bar"]) == (batch_ok, single_ok)
    assert judged["single_p95_bar_ms"] == 30.0
    assert judged["batch_bar_seconds"] == max(15.0, 60.0 * contacts / 10_000)
