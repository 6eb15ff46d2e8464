"""The planner pages: who may open them, the knobs, bad input (400 with
field errors, nothing launched), the runs list, progress, cancel, report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from csba.simulation.planner.models import PlannerReplication, PlannerRun, RunStatus
from csba.simulation.planner.services import planner_run_launch
from tests.factories import UserFactory, agent_user, operator_user, seller_with_user

pytestmark = pytest.mark.django_db


def planner(username: str = "planner1"):
    return UserFactory(username=username, roles=["planners"])


@pytest.fixture
def planner_client(client):
    client.force_login(planner())
    return client


def launch_data(**changes) -> dict:
    data = {"scenario": "small", "seed": "3", "replications": "2", "simulation.days": "2"}
    data.update(changes)
    return data


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(reverse("planner:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("make", [agent_user, lambda: seller_with_user().user])
def test_agents_and_sellers_get_403_and_launch_nothing(client, make):
    client.force_login(make())
    assert client.get(reverse("planner:home")).status_code == 403
    assert client.post(reverse("planner:launch"), launch_data()).status_code == 403
    assert not PlannerRun.objects.exists()


def test_planners_and_operators_see_the_knobs_of_a_scenario(client):
    for user in (planner(), operator_user()):
        client.force_login(user)
        response = client.get(reverse("planner:home"), {"scenario": "holiday-peak"})
        assert response.status_code == 200
        page = response.content.decode()
        for path in ("simulation.days", "marketplaces.US.sellers", "agents.teams.de.agents", "orders.peaks[1].factor"):
            assert f'name="{path}"' in page
        assert 'value="2.8"' in page  # the first peak's factor, from the file


def test_a_rate_card_scenario_offers_its_rates(planner_client):
    page = planner_client.get(reverse("planner:home"), {"scenario": "fee-what-if"}).content.decode()
    assert 'name="billing.rate_cards[1].tiers[3].fee"' in page
    assert 'name="billing.rate_cards[1].standard_rate"' in page


def test_an_unknown_scenario_is_a_400(planner_client):
    assert planner_client.get(reverse("planner:home"), {"scenario": "nope"}).status_code == 400
    assert planner_client.post(reverse("planner:launch"), launch_data(scenario="../secret")).status_code == 400
    assert not PlannerRun.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("simulation.days", "-1", "expected a number ≥ 1"),
        ("marketplaces.US.sellers", "-5", "expected a number ≥ 0"),
        ("agents.teams.en.agents", "many", "Enter a number."),
        ("replications", "0", "greater than or equal to 1"),
        ("replications", "21", "less than or equal to 20"),
        ("seed", "-2", "greater than or equal to 0"),
    ],
)
def test_bad_knobs_are_a_400_with_the_field_error_and_launch_nothing(
    planner_client, django_capture_on_commit_callbacks, field, value, message
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = planner_client.post(reverse("planner:launch"), launch_data(**{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not PlannerRun.objects.exists() and not PlannerReplication.objects.exists()
    assert callbacks == []


def test_a_good_launch_records_the_run_and_queues_one_task_per_replication(
    planner_client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("csba.dispatch.send", lambda name, *args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        response = planner_client.post(
            reverse("planner:launch"), launch_data(**{"agents.teams.en.agents": "3.5", "marketplaces.US.sellers": "5"})
        )
    run = PlannerRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("planner:run", args=[run.pk])
    assert run.knobs == {"simulation.days": 2, "agents.teams.en.agents": 3.5, "marketplaces.US.sellers": 5}
    assert run.scenario["simulation"]["days"] == 2 and run.scenario["agents"]["teams"]["en"]["agents"] == 3.5
    assert run.scenario["marketplaces"]["US"]["sellers"] == 5 and run.scenario["marketplaces"]["DE"]["sellers"] == 8
    assert (run.seed, run.replications, run.status) == (3, 2, RunStatus.QUEUED)
    assert run.out_dir.endswith(f"run-{run.pk}")
    assert sent == [
        ("csba.simulation.planner.replication_run_task", (run.pk, 1)),
        ("csba.simulation.planner.replication_run_task", (run.pk, 2)),
    ]
    states = list(run.replication_rows.values_list("seed_state", flat=True))
    assert len(states) == 2 and states[0] != states[1]


def _run(user, **kwargs):
    from csba import clock

    return planner_run_launch(
        user=user, scenario_name="small", changes={}, seed=1, replications=2, now=clock.now(), **kwargs
    )


def test_the_runs_list_shows_who_when_what_and_status_in_few_queries(
    planner_client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    user = planner("planner2")
    with django_capture_on_commit_callbacks():
        runs = [_run(user) for _ in range(5)]
    PlannerRun.objects.filter(pk=runs[0].pk).update(status=RunStatus.DONE, report_html="<p>r</p>")
    with django_assert_max_num_queries(8):
        response = planner_client.get(reverse("planner:home"))
    page = response.content.decode()
    assert page.count("planner2") == 5
    assert reverse("planner:report", args=[runs[0].pk]) in page
    assert reverse("planner:report", args=[runs[1].pk]) not in page  # still queued: no report yet


def test_progress_is_small_json_over_the_replications(planner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = _run(planner("planner2"))
    run.replication_rows.filter(index=1).update(
        status=RunStatus.RUNNING, fraction=0.5, reached="2026-08-21T10:00:00+00:00", events=100, events_per_second=40
    )
    run.replication_rows.filter(index=2).update(
        status=RunStatus.DONE, fraction=1.0, reached="2026-08-22T00:00:00+00:00"
    )
    data = planner_client.get(reverse("planner:progress", args=[run.pk])).json()
    assert data["fraction"] == 0.75 and data["percent"] == 75
    assert data["virtual_time"] == "2026-08-21T10:00:00+00:00"  # the least advanced replication still running
    assert data["events_per_second"] == 40 and data["replications_ended"] == 1
    assert planner_client.get(reverse("planner:progress", args=[run.pk + 99])).status_code == 404


def test_cancel_before_any_replication_started_ends_the_run_without_a_report(
    planner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        run = _run(planner("planner2"))
    with django_capture_on_commit_callbacks(execute=True):
        response = planner_client.post(reverse("planner:cancel", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED and run.cancel_requested and run.report_html == ""
    assert set(run.replication_rows.values_list("status", flat=True)) == {RunStatus.CANCELLED}
    assert planner_client.get(reverse("planner:report", args=[run.pk])).status_code == 404


def test_the_report_is_served_to_planners_only_and_may_not_run_scripts(
    client, planner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        run = _run(planner("planner2"))
    PlannerRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, report_html="<html><p>the report</p></html>")
    response = planner_client.get(reverse("planner:report", args=[run.pk]))
    assert response.status_code == 200 and b"the report" in response.content
    assert "sandbox" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]
    client.force_login(agent_user())
    assert client.get(reverse("planner:report", args=[run.pk])).status_code == 403
