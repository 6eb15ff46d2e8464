"""The fee estimator: an uploaded order report or typed figures, bad rows with line numbers, never a 500."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.estimator import parse_contacts_by_month, parse_order_report
from tests.factories import seller_with_user

from .helpers import UTC

pytestmark = pytest.mark.django_db

HEADER = "amazon-order-id\tpurchase-date\tfulfillment-channel\tquantity\torder-status\n"


def _report(rows: list[str]) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_the_report_counts_seller_fulfilled_shipped_units_by_local_month():
    lines = _report(
        [
            "111-1\t2026-07-03T10:00:00+00:00\tMerchant\t2\tShipped",
            "111-2\t2026-08-01T03:00:00+00:00\tMerchant\t1\tShipped",  # 31 July in Los Angeles
            "111-3\t2026-08-15\tMFN\t3\tDelivered",
            "111-4\t2026-08-15\tAmazon\t5\tShipped",  # FBA
            "111-5\t2026-08-15\tMerchant\t4\tCancelled",
            "111-6\t2026-09-15\tMerchant\tmany\tShipped",  # bad quantity
            "111-7\tyesterday\tMerchant\t1\tShipped",  # bad date
            "111-8\t2026-09-15\tDrone\t1\tShipped",  # bad channel
            "111-9\t2026-09-15\tMerchant",  # too few columns
            "111-10\t2026-09-16\tMerchant\t6\tShipped",
        ]
    ).splitlines(keepends=True)
    report = parse_order_report(lines, time_zone="America/Los_Angeles")
    assert report.units_by_month == {date(2026, 7, 1): 3, date(2026, 8, 1): 3, date(2026, 9, 1): 6}
    assert (report.rows, report.counted_rows) == (10, 4)
    assert (report.skipped_not_seller_fulfilled, report.skipped_not_shipped) == (1, 1)
    assert [e.line for e in report.errors] == [7, 8, 9, 10]
    assert "many" in report.errors[0].message


def test_a_report_without_the_needed_columns_is_refused_with_its_line():
    report = parse_order_report([b"order\tdate\n", b"1\t2026-07-01\n"], time_zone="UTC")
    assert report.error_count == 1 and report.errors[0].line == 1
    assert "fulfillment_channel" in report.errors[0].message and report.units_by_month == {}


def test_contacts_by_month_lines():
    parsed, errors = parse_contacts_by_month("2026-07 40\n2026-08: 12\n\nJuly 3\n2026-09 -1\n")
    assert parsed == {date(2026, 7, 1): 40, date(2026, 8, 1): 12}
    assert [e.line for e in errors] == [4, 5]


def test_uploading_a_report_projects_cpu_tier_fees_and_promotions(client, clock):
    clock.set(datetime(2026, 10, 10, tzinfo=UTC))
    seller = seller_with_user()
    client.force_login(seller.user)
    rows = [f"111-{m}{i}\t2026-{m:02d}-10T12:00:00+00:00\tMerchant\t1\tShipped" for m in (7, 8, 9) for i in range(10)]
    rows.append("111-bad\t2026-09-10\tMerchant\tx\tShipped")
    upload = SimpleUploadedFile("orders.txt", _report(rows), content_type="text/tab-separated-values")
    response = client.post(
        "/seller/billing/estimator/",
        {
            "marketplace": "US",
            "order_report": upload,
            "contacts_per_month": "",
            "contacts_by_month": "2026-07 1\n2026-09 1",
            "vtr_percent": "99",
            "aprl_percent": "98",
        },
    )
    assert response.status_code == 200
    estimate = response.context["estimate"]
    # 2 contacts on 30 units = 6.7% → tier 2 ($0.25), but 30 units ≤ 30 with CPU ≤ 15% is still reliable
    assert (estimate.window_units, estimate.window_contacts, estimate.monthly_units) == (30, 2, 10)
    assert estimate.result.tier == 2 and estimate.result.base_rate == Decimal("0.25")
    assert estimate.result.reward["qualifies"] is True and estimate.result.effective_rate == Decimal("0.1200")
    assert estimate.result.fee == Decimal("1.20") and estimate.result_without_rewards.fee == Decimal("2.50")
    assert estimate.trial_days == 90
    body = response.content.decode()
    assert "Line 32" in body and "Free trial" in body


def test_typed_figures_work_without_a_file(client, clock):
    clock.set(datetime(2026, 10, 10, tzinfo=UTC))
    seller = seller_with_user()
    client.force_login(seller.user)
    response = client.post(
        "/seller/billing/estimator/", {"marketplace": "DE", "units_per_month": "1000", "contacts_per_month": "13"}
    )
    assert response.status_code == 200
    estimate = response.context["estimate"]
    # 39 contacts on 3,000 units = 1.3% → tier 1, €0.09 × 1,000 units
    assert estimate.result.tier == 1 and estimate.result.fee == Decimal("90.00") and estimate.result.currency == "EUR"


@pytest.mark.parametrize(
    "data,field",
    [
        ({"marketplace": "US", "contacts_per_month": "3"}, None),
        ({"marketplace": "US", "units_per_month": "10"}, "contacts_per_month"),
        ({"marketplace": "US", "units_per_month": "-1", "contacts_per_month": "3"}, "units_per_month"),
        ({"marketplace": "XX", "units_per_month": "10", "contacts_per_month": "3"}, "marketplace"),
        ({"marketplace": "US", "units_per_month": "10", "contacts_by_month": "soon 3"}, "contacts_by_month"),
    ],
)
def test_bad_input_is_shown_on_the_form_not_a_500(client, data, field):
    client.force_login(seller_with_user().user)
    response = client.post("/seller/billing/estimator/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert response.context["estimate"] is None


def test_a_binary_or_empty_upload_is_reported(client):
    client.force_login(seller_with_user().user)
    for content in (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", b""):
        upload = SimpleUploadedFile("orders.png", content)
        response = client.post(
            "/seller/billing/estimator/", {"marketplace": "US", "order_report": upload, "contacts_per_month": "1"}
        )
        assert response.status_code == 400
