"""The figures of one replication, read at its end from its database (the
application's own metrics where they exist: FCR, the order defect rate, the
monthly statements) and from the queueing engine's counters. Everything
here is a plain JSON value; nothing depends on the wall clock."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum

from billing import metrics
from billing.models import MonthlyStatement
from inquiries.models import Case, Ticket
from inquiries.reasons import Route
from inquiries.states import CaseStatus
from sellers.models import Enrollment, Marketplace

from .mail import SENT
from .staffing_answer import staffing_figures

LIVE = ("phone", "chat")
DEFERRED = ("email", "web_form")


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def fcr_of(replication, marketplaces) -> float | None:
    """Billing's first-contact resolution (DOMAIN.md) of the tickets resolved in the run."""
    ratio = metrics.first_contact_resolution(
        start=replication.start, end=replication.reached, marketplaces=marketplaces
    )
    return None if ratio.value is None else float(ratio.value)


def queue_figures(engine) -> dict:
    live, written = engine.totals(channels=LIVE), engine.totals(channels=DEFERRED)
    return {
        "asa_seconds": live.asa_seconds,
        "service_level": live.service_level if live.offered else None,
        "p_abandon": live.p_abandon if live.offered else None,
        "live_offered": live.offered,
        "occupancy": engine.totals().occupancy,
        "written_on_time": written.service_level if written.offered else None,
        "written_wait_hours": written.answer_seconds / 3600.0 if written.answered else None,
    }


def daily_figures(replication) -> list[dict]:
    days: dict[int, dict] = defaultdict(lambda: defaultdict(float))
    for (start, channel), fig in replication.engine.intervals(by=("channel",)).items():
        day = days[int(start // 86400)]
        group = "live" if channel in LIVE else "written"
        day[f"{group}_offered"] += fig.offered
        day[f"{group}_answered"] += fig.answered
        day[f"{group}_abandoned"] += fig.abandoned
        day[f"{group}_wait"] += fig.asa_seconds * fig.offered
        day[f"{group}_on_time"] += fig.service_level * fig.offered
    for seconds, waiting in replication.backlog:
        day = days[int(seconds // 86400)]
        day["backlog"] = max(day["backlog"], waiting)
    rows = []
    total_days = int((replication.reached - replication.start).total_seconds() // 86400) + 1
    for index in range(total_days):
        moment = replication.start + timedelta(days=index)
        if moment >= replication.reached:
            break
        day, key = days.get(index, {}), moment.date().isoformat()
        offered = day.get("live_offered", 0.0)
        written = day.get("written_offered", 0.0)
        rows.append(
            {
                "date": key,
                "contacts": replication.series["contacts"].get(key, 0),
                "resolved": replication.series["resolved"].get(key, 0),
                "cases": replication.series["cases"].get(key, 0),
                "auto_resolved": replication.series["auto_resolved"].get(key, 0),
                "live_offered": int(offered),
                "asa_seconds": _share(day.get("live_wait", 0.0), offered),
                "service_level": _share(day.get("live_on_time", 0.0), offered),
                "p_abandon": _share(day.get("live_abandoned", 0.0), offered),
                "written_offered": int(written),
                "written_wait_hours": None if not written else day.get("written_wait", 0.0) / written / 3600.0,
                "backlog": int(day.get("backlog", 0)),
            }
        )
    return rows


def case_figures(replication, marketplace_ids=None) -> dict:
    tickets = Ticket.objects.filter(route=Route.CSBA)
    cases = Case.objects.all()
    if marketplace_ids is not None:
        tickets, cases = (
            tickets.filter(marketplace_id__in=marketplace_ids),
            cases.filter(marketplace_id__in=marketplace_ids),
        )
    csba = tickets.count()
    escalated = cases.values("ticket_id").distinct().count()
    counts = cases.aggregate(
        total=Count("pk"),
        auto=Count("pk", filter=Q(status=CaseStatus.AUTO_RESOLVED)),
        decided=Count("pk", filter=Q(deadline_at__lte=replication.reached) | Q(seller_replied_at__isnull=False)),
        on_time=Count("pk", filter=Q(seller_replied_at__isnull=False, seller_replied_at__lte=F("deadline_at"))),
    )
    return {
        "csba_tickets": csba,
        "escalation_rate": _share(escalated, csba),
        "auto_resolution_rate": _share(counts["auto"], counts["total"]),
        "seller_on_time_rate": _share(counts["on_time"], counts["decided"]),
        "cases": counts["total"],
    }


def fee_figures(replication) -> tuple[dict, list[float]]:
    """Statements of the months the run covers (a month before the start
    closed by the first billing beat has no simulated data)."""
    fees, cpus = {}, []
    first_month = replication.start.date().replace(day=1)
    for code in sorted(replication.scenario["marketplaces"]):
        rows = MonthlyStatement.objects.filter(marketplace__code=code, month__gte=first_month)
        by_month = {
            row["month"].isoformat()[:7]: float(row["fees"] or 0)
            for row in rows.values("month").annotate(fees=Sum("fee")).order_by("month")
        }
        tiers = {
            str(row["tier"] or "standard"): row["n"]
            for row in rows.values("tier").annotate(n=Count("pk")).order_by("tier")
        }
        total = rows.aggregate(fee=Sum("fee"), units=Sum("units"), contacts=Sum("contacts"), n=Count("pk"))
        currency = Marketplace.objects.filter(code=code).values_list("currency", flat=True).first()
        fees[code] = {
            "currency": currency,
            "total": float(total["fee"] or 0),
            "units": total["units"] or 0,
            "contacts": total["contacts"] or 0,
            "statements": total["n"],
            "by_month": by_month,
            "tiers": tiers,
        }
        cpus.extend(float(v) for v in rows.exclude(cpu=None).values_list("cpu", flat=True).order_by("cpu"))
    return fees, cpus


def _seller_groups(replication, code: str) -> tuple[list[int], list[int]]:
    """Sellers enrolled for the whole run, and sellers never enrolled during it."""
    start, end = replication.start, replication.reached
    windows = defaultdict(list)
    for seller_id, effective, ended in Enrollment.objects.filter(marketplace__code=code).values_list(
        "seller_id", "effective_at", "ended_at"
    ):
        windows[seller_id].append((effective, ended))
    enrolled, never = [], []
    for seller in replication.world.sellers:
        if seller.marketplace != code:
            continue
        spans = windows.get(seller.pk, [])
        if any(e <= start and (x is None or x >= end) for e, x in spans):
            enrolled.append(seller.pk)
        elif not any(e < end and (x is None or x > start) for e, x in spans):
            never.append(seller.pk)
    return enrolled, never


def enrolled_vs_not(replication, codes) -> dict:
    groups = {"enrolled": defaultdict(int), "not_enrolled": defaultdict(int)}
    for code in codes:
        marketplace = Marketplace.objects.get(code=code)
        last = (replication.reached - timedelta(seconds=1)).astimezone(ZoneInfo(marketplace.time_zone)).date()
        month = date(last.year, last.month, 1)
        for name, sellers in zip(groups, _seller_groups(replication, code)):
            if not sellers:
                continue
            for counts in metrics.order_defect_rate(marketplace=marketplace, month=month, seller_ids=sellers).values():
                groups[name]["orders"] += counts.orders
                groups[name]["defects"] += counts.defects
                groups[name]["a_to_z"] += counts.a_to_z_claims
                groups[name]["negative"] += counts.negative_feedback
                groups[name]["sellers"] += 0
            groups[name]["sellers"] += len(sellers)
    result = {}
    for name, counts in groups.items():
        hours = replication.reply_hours.get(name, [])
        result[name] = {
            "sellers": counts["sellers"],
            "orders": counts["orders"],
            "odr": _share(counts["defects"], counts["orders"]),
            "a_to_z_claim_rate": _share(counts["a_to_z"], counts["orders"]),
            "negative_feedback_rate": _share(counts["negative"], counts["orders"]),
            "buyer_reply_hours": _mean(hours),
            "buyer_reply_hours_median": statistics.median(hours) if hours else None,
            "replies": len(hours),
        }
    return result


def replication_figures(replication) -> dict:
    scenario = replication.scenario
    codes = sorted(scenario["marketplaces"])
    marketplaces = list(Marketplace.objects.filter(code__in=codes).order_by("code"))
    pairs = replication.reason_pairs
    judged = sum(pairs.values())
    fees, cpus = fee_figures(replication)
    figures = {
        "contacts": replication.counts["contacts"],
        "fcr": fcr_of(replication, marketplaces),
        **queue_figures(replication.engine),
        **case_figures(replication),
        "classification_accuracy": _share(sum(n for (a, b), n in pairs.items() if a == b), judged),
        "orders": replication.counts["orders"],
        "units": replication.counts["units"],
    }
    by_marketplace = {}
    for market in marketplaces:
        by_marketplace[market.code] = {
            "fcr": fcr_of(replication, [market]),
            **case_figures(replication, [market.pk]),
            "enrolled_vs_not": enrolled_vs_not(replication, [market.code]),
        }
    return {
        "partial": replication.partial,
        "reached": replication.reached.isoformat(),
        "figures": figures,
        "fees": fees,
        "cpu": cpus,
        "enrolled_vs_not": enrolled_vs_not(replication, codes),
        "by_marketplace": by_marketplace,
        "daily": daily_figures(replication),
        "staffing": staffing_figures(replication),
        "counts": dict(sorted(replication.counts.items())),
        "mail": dict(sorted(SENT.items())),
        "jobs": dict(sorted(replication.jobs.runs.items())),
        "agents": len(replication.world.agents),
        "sellers": len(replication.world.sellers),
        "products": len(replication.world.products),
    }
