"""The planner pages (planners and operators; everybody else 403): pick a
shipped scenario and turn its knobs, launch a run, follow its progress
(a small JSON endpoint the page polls), cancel it, open its report."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.roles import OPERATORS, PLANNERS, role_required
from csba.simulation.scenario import ScenarioError, scenario_names

from .forms import LaunchForm
from .knobs import problems_by_path, scenario_base, scenario_knobs
from .selectors import marketplace_codes, planner_run_get, planner_run_progress, planner_run_report, planner_runs
from .services import planner_run_cancel, planner_run_launch

planner_only = role_required(PLANNERS, OPERATORS)
DEFAULT_SCENARIO = "small"
# The report is a page of its own (inline CSS and SVG, nothing fetched): it
# may style itself and show its pictures, and nothing else.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _form(name: str, data=None) -> LaunchForm:
    knobs = scenario_knobs(scenario_base(name, marketplaces=marketplace_codes()))
    return LaunchForm(data, initial={"scenario": name}, knobs=knobs)


def _page(request, form: LaunchForm, name: str, *, status: int = 200):
    context = {"form": form, "scenario": name, "scenarios": scenario_names(), "runs": planner_runs()}
    return render(request, "planner/home.html", context, status=status)


@planner_only
@require_GET
def home(request):
    names = scenario_names()
    name = request.GET.get("scenario") or (DEFAULT_SCENARIO if DEFAULT_SCENARIO in names else names[0])
    if name not in names:
        return HttpResponseBadRequest(_("No such scenario."))
    return _page(request, _form(name), name)


@planner_only
@require_POST
def launch(request):
    name = request.POST.get("scenario", "")
    if name not in scenario_names():
        return HttpResponseBadRequest(_("No such scenario."))
    form = _form(name, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = planner_run_launch(
                user=request.user,
                scenario_name=name,
                changes=form.changes(),
                seed=data["seed"],
                replications=data["replications"],
                now=clock.now(),
            )
        except ScenarioError as error:
            for path, messages in problems_by_path(error).items():
                for message in messages:
                    form.add_error(path if path in form.fields else None, message)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return redirect("planner:run", run_id=run.pk)
    return _page(request, form, name, status=400)


@planner_only
@require_GET
def run_page(request, run_id: int):
    run = planner_run_get(run_id)
    return render(request, "planner/run.html", {"run": run, "progress": planner_run_progress(run)})


@planner_only
@require_GET
def progress(request, run_id: int):
    return JsonResponse(planner_run_progress(planner_run_get(run_id)))


@planner_only
@require_POST
def cancel(request, run_id: int):
    try:
        planner_run_cancel(run_id=run_id, now=clock.now())
    except DomainError as error:
        if error.code == "not_found":
            raise
    return redirect("planner:run", run_id=run_id)


@planner_only
@require_GET
def report(request, run_id: int):
    response = HttpResponse(planner_run_report(run_id), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = REPORT_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
