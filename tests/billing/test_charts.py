"""The insights dashboard's charts: an empty state instead of empty axes,
axis labels that never overlap, legends drawn as HTML (never clipped), the
numbers and months in the page's language."""

import re
from datetime import date

import pytest
from django.utils import translation

from billing import charts
from csba.formatting import month


def label_boxes(svg: str):
    """(x, width) of each x-axis label (the text at the bottom line)."""
    boxes = []
    for x, anchor, text in re.findall(r'<text x="([\d.]+)" y="208" text-anchor="(\w+)">([^<]*)</text>', svg):
        width = charts.text_width(text)
        left = {"start": float(x), "middle": float(x) - width / 2, "end": float(x) - width}[anchor]
        boxes.append((left, left + width))
    return boxes


@pytest.mark.parametrize("language", ["en", "de", "ja", "zh-hans"])
def test_month_labels_never_overlap_and_stay_inside(language):
    with translation.override(language):
        labels = [month(date(2025 + (m // 12), m % 12 + 1, 1)) for m in range(11, 24)]
        chart = charts.line_chart(title="CPU", labels=labels, series=[("a", [0.01 * n for n in range(13)])])
    boxes = label_boxes(str(chart.svg))
    assert len(boxes) >= 3
    for (_left, right1), (left2, _right) in zip(boxes, boxes[1:]):
        assert right1 <= left2, (language, boxes)
    assert boxes[0][0] >= 0 and boxes[-1][1] <= charts.WIDTH


def test_an_empty_series_is_an_empty_state_not_empty_axes():
    chart = charts.line_chart(
        title="CSAT", labels=["a", "b"], series=[("Mean", [None, None])], empty_text="No ratings yet."
    )
    assert chart.is_empty and chart.svg == "" and chart.empty_text == "No ratings yet."
    assert charts.bar_chart(title="Reasons", items=[], empty_text="none").is_empty
    assert charts.column_chart(title="Fee", items=[], empty_text="none").is_empty


def test_a_long_german_legend_is_html_not_clipped_svg():
    with translation.override("de"):
        chart = charts.line_chart(
            title="CPU",
            labels=["Jan", "Feb"],
            series=[
                ("Monatliche CPU", [0.1, 0.2]),
                ("Drei-Monats-CPU (bestimmt die Stufe des nächsten Monats)", [0.1, 0.1]),
            ],
        )
    assert "Drei-Monats-CPU" not in str(chart.svg).split("<desc>")[0]
    assert [name for name, _n in chart.legend][1] == "Drei-Monats-CPU (bestimmt die Stufe des nächsten Monats)"


def test_a_quarterly_fee_is_a_column_with_its_value_in_the_currency():
    with translation.override("ja"):
        chart = charts.column_chart(
            title="fee", items=[("2026年Q3", 25), ("2026年Q4", 0)], fmt=charts.money_text("JPY")
        )
    svg = str(chart.svg)
    assert svg.count("<rect") == 2 and "¥25" in svg and "¥0" in svg


def test_long_reason_labels_are_shortened_with_the_full_label_as_tooltip():
    long = "Beschädigt oder defekt, und noch viel mehr Text, der nicht passt"
    chart = charts.bar_chart(title="Gründe", items=[(long, 3), ("Kurz", 1)])
    svg = str(chart.svg)
    assert f"<title>{long}</title>" in svg and "…" in svg
