"""A planner in headless Chromium: logs in, picks the `small` scenario,
turns a knob, launches it (the replications run on a real Celery worker
through a real Redis), watches the progress bar reach 100% and opens the
report; a bad knob shows its field error and launches nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from csba.simulation.planner.models import PlannerRun, RunStatus
from tests.factories import UserFactory
from tests.integration.conftest import celery_worker, redis_url  # noqa: F401  (fixtures)

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_a_planner_launches_small_watches_it_finish_and_opens_the_report(new_page, live_server, settings, tmp_path):
    settings.CSBA_PLANNER_RUNS_DIR = str(tmp_path)
    UserFactory(username="pia", roles=["planners"])
    page = new_page()
    log_in(page, live_server, "pia", next_url="/planner/")
    page.get_by_label("Scenario", exact=True).select_option("small")
    page.get_by_role("button", name="Show its knobs").click()
    # a bad knob: the field says what was expected, nothing is launched
    page.get_by_label("Days simulated").fill("0")
    page.get_by_role("button", name="Launch the run").click()
    expect(page.get_by_text("expected a number ≥ 1")).to_be_visible()
    assert not PlannerRun.objects.exists()
    page.get_by_label("Days simulated").fill("1")
    page.get_by_label("Replications").fill("2")
    page.get_by_role("button", name="Launch the run").click()
    page.wait_for_url(f"{live_server.url}/planner/runs/*/")
    run = PlannerRun.objects.get()
    assert run.knobs == {"simulation.days": 1} and run.replications == 2
    # the progress bar moves to 100% without reloading, and the report's link appears
    expect(page.locator("#run-percent")).to_have_text("100%", timeout=600_000)
    expect(page.locator("#run-status")).to_have_text("done", timeout=60_000)
    report_link = page.get_by_role("link", name="Open the report")
    expect(report_link).to_be_visible()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    with page.context.expect_page() as opened:
        report_link.click()
    report = opened.value
    report.wait_for_load_state()
    expect(report.locator("svg").first).to_be_visible()
    # the runs list shows it, with who launched it
    page.goto(f"{live_server.url}/planner/")
    row = page.locator("table.planner-runs tbody tr").first
    expect(row).to_contain_text("pia")
    expect(row).to_contain_text("small")
    expect(row).to_contain_text("simulation.days=1")
