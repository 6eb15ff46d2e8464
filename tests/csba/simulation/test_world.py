"""The simulated world's parts on their own: buyers' texts read by the real
classifier, the beat schedule of the periodic jobs, the merge of
replications, the report a planner reads."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from csba.simulation.run.jobs import beat_after, month_beats
from csba.simulation.run.report import report_html
from csba.simulation.run.summary import summary_build
from csba.simulation.scenario import scenario_load
from csba.simulation.world.catalog import KINDS
from csba.simulation.world.texts import REQUESTS, contact_text
from inquiries.classification import classify


def generated(rng: random.Random, reason: str, language: str) -> str:
    kind = rng.choice(sorted(KINDS))
    fact = rng.randrange(len(KINDS[kind]["facts"]))
    question = rng.choice(KINDS[kind]["facts"][fact][3][language])
    return contact_text(rng, reason=reason, language=language, order_number="111-0001234-0007",
                        product=f"Harbor {KINDS[kind]['title'][language]}", question=question,
                        again=rng.random() < 0.1, quote_order=rng.random() < 0.35)  # fmt: skip


def test_texts_vary_and_intake_reads_most_of_them_right():
    # given many generated contacts per reason and language
    rng = random.Random(4)
    right, total, texts = Counter(), Counter(), set()
    for language, market in (("en", "US"), ("de", "DE"), ("ja", "JP")):
        for reason in [*REQUESTS, "product_question"]:
            if reason == "a_to_z_claim":
                continue
            for _ in range(12):
                text = generated(rng, reason, language)
                texts.add(text)
                total[language] += 1
                right[language] += classify(text, marketplace=market, language=None).reason == reason
    # then they are varied, and the real classifier reads most of them as the buyer meant
    assert len(texts) > 0.9 * sum(total.values())
    for language in total:
        assert right[language] / total[language] > 0.7, (language, right[language] / total[language])


def test_texts_are_not_the_classifiers_own_sentences():
    from pathlib import Path

    import inquiries.classification as package

    sentences = set()
    for path in Path(package.__file__).parent.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sentences.add(" ".join(str(json.loads(line).get("text", "")).split()))
    patterns = [
        re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(phrase)))
        for by_language in REQUESTS.values()
        for lines in by_language.values()
        for phrase in lines
    ]
    assert len(sentences) > 100
    copied = [s for s in sentences for pattern in patterns if pattern.fullmatch(s)]
    assert copied == []


def test_beats_fall_on_each_jobs_cadence():
    moment = datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC)
    assert beat_after(moment, 60) == datetime(2026, 9, 1, 10, 1, tzinfo=UTC)
    assert beat_after(moment, 600) == datetime(2026, 9, 1, 10, 10, tzinfo=UTC)
    assert beat_after(moment, 3600, 300) == datetime(2026, 9, 1, 10, 5, tzinfo=UTC)
    assert beat_after(datetime(2026, 9, 1, 10, 5, tzinfo=UTC), 3600, 300) == datetime(2026, 9, 1, 10, 5, tzinfo=UTC)


def test_the_billing_beat_after_midnight_on_the_first_in_each_zone():
    beats = month_beats(["America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo"],
                        start=datetime(2026, 9, 20, tzinfo=UTC), end=datetime(2026, 10, 20, tzinfo=UTC))  # fmt: skip
    assert beats == [
        datetime(2026, 9, 30, 15, 5, tzinfo=UTC),  # Tokyo 1 October 00:05
        datetime(2026, 9, 30, 22, 5, tzinfo=UTC),  # Berlin
        datetime(2026, 10, 1, 7, 5, tzinfo=UTC),  # Los Angeles
    ]


def result(fcr: float, odr_in: float, odr_out: float, *, partial: bool = False) -> dict:
    groups = {
        "enrolled": {"odr": odr_in, "a_to_z_claim_rate": 0.001, "negative_feedback_rate": 0.002,
                     "buyer_reply_hours": 4.0},
        "not_enrolled": {"odr": odr_out, "a_to_z_claim_rate": 0.002, "negative_feedback_rate": 0.003,
                         "buyer_reply_hours": 24.0},
    }  # fmt: skip
    return {
        "partial": partial, "reached": "2026-09-04T00:00:00+00:00", "sellers": 3, "agents": 2,
        "figures": {"contacts": 100, "fcr": fcr, "service_level": None},
        "fees": {"US": {"currency": "USD", "total": 10.0, "by_month": {}, "tiers": {}, "units": 5, "contacts": 1,
                        "statements": 1}},
        "enrolled_vs_not": groups, "by_marketplace": {}, "counts": {}, "mail": {}, "jobs": {}, "cpu": [0.031],
        "daily": [{"date": "2026-09-01", "contacts": 10}],
    }  # fmt: skip


def test_replications_merge_into_means_and_intervals():
    scenario = scenario_load("small", marketplaces=["DE", "JP", "US"])
    summary = summary_build(scenario, seed=1, results=[result(0.80, 0.004, 0.006), result(0.84, 0.004, 0.006)],
                            requested=2)  # fmt: skip
    assert summary["fcr"] == pytest.approx(0.82)
    low, high = summary["ci95"]["fcr"]
    assert low < 0.82 < high
    assert summary["contacts"] == 100 and summary["ci95"]["contacts"] == [100, 100]  # the same in both: no spread
    published = {row["key"]: row for row in summary["published"]}
    assert published["odr_change"]["simulated"] == pytest.approx(-1 / 3)
    assert published["reply_speedup"]["simulated"] == pytest.approx(6.0)
    assert published["fcr"]["agrees"] is True
    assert summary["cpu_distribution"]["statements"][3] == 1.0  # 3.1% falls in the 3–4% bin, per replication
    # a replication missing or stopped marks the summary partial
    assert summary_build(scenario, seed=1, results=[result(0.8, 0.004, 0.006)], requested=2)["partial"] is True
    # the same results give the same bytes
    assert json.dumps(summary, sort_keys=True) == json.dumps(
        summary_build(scenario, seed=1, results=[result(0.80, 0.004, 0.006), result(0.84, 0.004, 0.006)], requested=2),
        sort_keys=True,
    )


def test_the_report_is_self_contained_and_says_when_it_is_partial():
    scenario = scenario_load("small", marketplaces=["DE", "JP", "US"])
    html = report_html(summary_build(scenario, seed=1, results=[result(0.8, 0.004, 0.006, partial=True)], requested=1))
    assert "Partial run." in html
    assert "<svg" in html and "<title>" in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # nothing fetched
    assert "<script" not in html
    for heading in ("Published vs simulated", "Queues over time", "What sellers pay", "Enrolled vs not enrolled"):
        assert heading in html


def test_the_daily_charts_label_their_axes_in_short_units():
    scenario = scenario_load("small", marketplaces=["DE", "JP", "US"])
    day = {"contacts": 13, "resolved": 7, "backlog": 3.3333333, "asa_seconds": 7.123456789,
           "written_wait_hours": 1.23456789, "service_level": 0.9123456, "p_abandon": 0.0123456}  # fmt: skip
    one = result(0.8, 0.004, 0.006)
    one["daily"] = [{"date": f"2026-09-0{n}", **day} for n in (1, 2, 3)]
    html = report_html(summary_build(scenario, seed=1, results=[one], requested=1))
    # then every axis label is a short figure with its unit (a float's every digit ran off the chart's edge)
    labels = re.findall(r'text-anchor="end">([^<]*)</text>', html)
    assert labels and max(len(label) for label in labels) <= 8
    assert {"4 s", "0.7 h"} <= set(labels)
