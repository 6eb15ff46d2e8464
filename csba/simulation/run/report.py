"""report.html: a scenario's summary for a planner who does not read JSON.

Self-contained: inline CSS and SVG charts drawn on the server (the billing
pages' chart functions), no script, nothing fetched; each chart has a title
and description for screen readers, and its figures are in a table too.
"""

from __future__ import annotations

from html import escape

from billing.charts import bar_chart, line_chart, percent_text

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px} h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid #d0d4da}
.question{font-size:1.1rem;margin:8px 0 16px} .muted{color:#505a66;font-size:.9rem}
.banner{background:#fff4e5;border:1px solid #c45100;padding:10px 14px;margin:12px 0;border-radius:6px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:1.4rem} .card span{color:#505a66;font-size:.85rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}
figure{background:#fff;border:1px solid #d0d4da;border-radius:8px;margin:0;padding:10px}
figcaption{font-weight:600;margin-bottom:6px}
table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:.9rem}
th,td{border:1px solid #d0d4da;padding:4px 8px;text-align:right} th:first-child,td:first-child{text-align:left}
caption{text-align:left;font-weight:600;padding:4px 0} .ok{color:#1f6f2b} .off{color:#b3261e}
details{margin:8px 0} summary{cursor:pointer}
"""
CPU_BINS = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 8), (8, 10), (10, 15), (15, 20), (20, 30), (30, 31)]


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def _num(value, places: int = 0) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _card(label: str, value: str, note: str = "") -> str:
    return f"<div class=card><span>{escape(label)}</span><b>{escape(value)}</b><span>{escape(note)}</span></div>"


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    header = "".join(f"<th scope=col>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(f"<th scope=row>{escape(c)}</th>" if i == 0 else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _figure(caption: str, chart: str, note: str = "") -> str:
    extra = f"<p class=muted>{escape(note)}</p>" if note else ""
    return f"<figure><figcaption>{escape(caption)}</figcaption>{chart}{extra}</figure>"


def _published(summary: dict) -> str:
    rows = []
    for row in summary["published"]:
        simulated, published = row["simulated"], row["published"]
        if row["unit"] == "times":
            show, pub = (lambda v: "—" if v is None else f"{v:.1f}×"), f"{published:.0f}×"
        elif row["unit"] == "change":
            show, pub = (lambda v: "—" if v is None else f"{v:+.0%}"), f"{published:+.0%}"
        else:
            show, pub = _pct, _pct(published)
        ci = f" ({show(row['ci95'][0])} to {show(row['ci95'][1])})" if row.get("ci95") else ""
        verdict = {True: "<span class=ok>agrees</span>", False: "<span class=off>differs</span>", None: "—"}[
            row["agrees"]
        ]
        rows.append([row["figure"], pub, show(simulated) + ci, verdict])
    return _table(
        "Each published figure beside the run's", ["figure", "published", "simulated (95% interval)", ""], rows
    )


# The daily charts: caption, title, the lines (label, summary key), value format, top of the axis.
DAILY_CHARTS = [
    ("Backlog and waits over time", "Largest backlog per day (contacts waiting)",
     [("contacts waiting (peak of the day)", "backlog")], lambda v: f"{v:,.0f}", None),
    ("Waits on phone and chat", "Mean wait on phone and chat per day, seconds (ASA)",
     [("ASA, seconds", "asa_seconds")], lambda v: f"{v:,.0f} s", None),
    ("Waits for email and forms", "Mean hours until an email or form is answered, per day",
     [("hours to answer", "written_wait_hours")], lambda v: f"{v:,.1f} h", None),
    ("Service level and abandonment per day", "Service level (answered within 60 s) and abandonment, phone and chat",
     [("service level", "service_level"), ("abandoned", "p_abandon")], percent_text, 1.0),
    ("Contacts, resolutions and cases per day",
     "Contacts, tickets resolved, cases opened and cases auto-resolved per day",
     [("contacts", "contacts"), ("resolved", "resolved"), ("cases", "cases"), ("auto-resolved", "auto_resolved")],
     lambda v: f"{v:,.0f}", None),
]  # fmt: skip


def _daily_charts(daily: list[dict]) -> str:
    labels = [row["date"][5:] for row in daily]
    charts = []
    for caption, title, lines, fmt, top in DAILY_CHARTS:
        series = [(name, [row.get(key) for row in daily]) for name, key in lines]
        extra = {"fmt": fmt} if fmt else {}
        charts.append(_figure(caption, line_chart(title=title, labels=labels, series=series, y_max=top, **extra)))
    return "<div class=grid>" + "".join(charts) + "</div>"


def _by_marketplace(summary: dict) -> str:
    markets = summary["by_marketplace"]
    items = lambda key: [(code, markets[code].get(key) or 0.0) for code in sorted(markets)]  # noqa: E731
    charts = [
        _figure(
            "First-contact resolution", bar_chart(title="FCR per marketplace", items=items("fcr"), fmt=percent_text)
        ),
        _figure(
            "Escalation and auto-resolution",
            bar_chart(
                title="Share of CSBA tickets escalated, and of cases auto-resolved, per marketplace",
                items=[(f"{code} escalated", markets[code].get("escalation_rate") or 0.0) for code in sorted(markets)]
                + [
                    (f"{code} auto-resolved", markets[code].get("auto_resolution_rate") or 0.0)
                    for code in sorted(markets)
                ],
                fmt=percent_text,
            ),
        ),
        _figure(
            "Seller deadline hits",
            bar_chart(
                title="Share of decided cases the seller answered before the deadline",
                items=items("seller_on_time_rate"),
                fmt=percent_text,
            ),
            "A case is decided once the seller answered it or its deadline passed; the rest is resolved by the sweep.",
        ),
    ]
    rows = [
        [
            code,
            _pct(m.get("fcr")),
            _num(m.get("csba_tickets")),
            _pct(m.get("escalation_rate")),
            _num(m.get("cases")),
            _pct(m.get("auto_resolution_rate")),
            _pct(m.get("seller_on_time_rate")),
        ]
        for code, m in sorted(markets.items())
    ]
    head = ["marketplace", "FCR", "CSBA tickets", "escalated", "cases", "auto-resolved", "seller on time"]
    return "<div class=grid>" + "".join(charts) + "</div>" + _table("Per marketplace", head, rows)


def _fees(summary: dict) -> str:
    fees, histogram = summary["fees"], summary["cpu_distribution"]
    counts = histogram["statements"]
    bins = [(f"{lo}–{hi}%" if hi - lo > 1 or lo < 30 else "over 30%", sum(counts[lo:hi])) for lo, hi in CPU_BINS]
    tier_items = [
        (f"{code} {'standard rate' if tier == 'standard' else 'tier ' + tier}", n)
        for code in sorted(fees)
        for tier, n in sorted(fees[code]["tiers"].items())
    ]
    charts = [
        _figure(
            "CPU distribution",
            bar_chart(title="Monthly statements by contacts per unit (CPU)", items=bins, fmt=lambda v: f"{v:g}"),
            "CPU of the three months before each billed month; statements without a CPU (no units yet) are not shown.",
        ),
        _figure(
            "Fee tiers",
            bar_chart(title="Monthly statements per tier", items=tier_items or [("none", 0)], fmt=lambda v: f"{v:g}"),
        ),
    ]
    rows = []
    for code, fee in sorted(fees.items()):
        months = ", ".join(f"{m}: {v:,.2f}" for m, v in sorted(fee["by_month"].items())) or "—"
        rows.append(
            [
                code,
                f"{fee['total']:,.2f} {escape(fee['currency'] or '')}",
                _num(fee["units"]),
                _num(fee["contacts"]),
                _num(fee["statements"]),
                escape(months),
            ]
        )
    table = _table(
        "Fees per marketplace (each in its currency)",
        ["marketplace", "fees", "covered units", "contacts", "statements", "per month"],
        rows,
    )
    return "<div class=grid>" + "".join(charts) + "</div>" + table


def _groups(summary: dict) -> str:
    groups = summary["enrolled_vs_not"]
    enrolled, other = groups.get("enrolled", {}), groups.get("not_enrolled", {})
    items = []
    for key, label in (
        ("odr", "ODR"),
        ("a_to_z_claim_rate", "A-to-z claims"),
        ("negative_feedback_rate", "negative feedback"),
    ):
        items += [(f"{label}: enrolled", enrolled.get(key) or 0.0), (f"{label}: not enrolled", other.get(key) or 0.0)]
    hours = [
        ("enrolled (CSBA)", enrolled.get("buyer_reply_hours") or 0.0),
        ("not enrolled (the seller)", other.get("buyer_reply_hours") or 0.0),
    ]
    charts = [
        _figure(
            "ODR, A-to-z claims and negative feedback",
            bar_chart(
                title="Share of orders with each defect, sellers enrolled vs not enrolled",
                items=items,
                fmt=lambda v: f"{v * 100:.2f}%",
            ),
        ),
        _figure(
            "Hours to the first answer to a buyer",
            bar_chart(
                title="Mean hours until a buyer's message is first answered", items=hours, fmt=lambda v: f"{v:.1f} h"
            ),
        ),
    ]
    rows = [
        [
            name,
            _num(g.get("sellers")),
            _num(g.get("orders")),
            _pct(g.get("odr")),
            _pct(g.get("a_to_z_claim_rate")),
            _pct(g.get("negative_feedback_rate")),
            _num(g.get("buyer_reply_hours"), 1),
            _num(g.get("buyer_reply_hours_median"), 1),
        ]
        for name, g in (("enrolled", enrolled), ("not enrolled", other))
    ]
    head = ["group", "sellers", "orders", "ODR", "A-to-z", "negative feedback", "reply hours (mean)", "(median)"]
    note = (
        "Enrolled: sellers in CSBA for the whole run; not enrolled: sellers never in it during the run "
        "(sellers who joined or left during the run are in neither). Defects over the 60 days ending with the "
        "last month, as billing computes the order defect rate."
    )
    table = _table("Enrolled vs not enrolled", head, rows)
    return "<div class=grid>" + "".join(charts) + "</div>" + table + f"<p class=muted>{escape(note)}</p>"


def _staffing(summary: dict) -> str:
    staffing = summary.get("staffing") or {}
    languages = staffing.get("languages") or {}
    if not languages:
        return "<p class=muted>No agent worked in this run.</p>"
    start = summary["daily"][0]["date"] if summary.get("daily") else ""
    labels = [row["date"][5:] for row in summary.get("daily", [])]
    charts, rows = [], []
    for language, answer in sorted(languages.items()):
        days = answer["by_day"][: len(labels)]
        charts.append(
            _figure(
                f"Agents for {language}: rostered and needed",
                line_chart(
                    title=f"Peak agents on duty per day, {language}: rostered, and needed to meet the targets",
                    labels=labels[: len(days)],
                    series=[
                        ("rostered", [d["rostered_peak"] for d in days]),
                        ("needed", [d["required_peak"] for d in days]),
                    ],
                    fmt=lambda v: f"{v:.1f}",
                ),
            )
        )
        rows.append(
            [
                language,
                _num(answer["rostered_peak"], 1),
                _num(answer["required_peak"], 1),
                _num(answer["agent_hours_rostered"]),
                _num(answer["agent_hours_required"]),
                _num(answer["hours_short"]),
            ]
        )
    targets = staffing.get("targets", {})
    note = (
        f"Needed: the staffing engine's requirement for the contacts of the run (Erlang A for phone and chat: "
        f"{targets.get('service_level', 0.8):.0%} answered within {targets.get('within_seconds', 60):.0f} s, at most "
        f"{targets.get('max_abandon', 0.05):.0%} abandoning; email as deferred work within its commitment; at "
        f"least one agent per language at any hour), hour by hour from {start}. Hours short: hours where the "
        "roster had more than half an agent fewer than needed."
    )
    head = ["language", "rostered (peak)", "needed (peak)", "agent-hours rostered", "agent-hours needed", "hours short"]
    return (
        "<div class=grid>"
        + "".join(charts)
        + "</div>"
        + _table("Staffing per language", head, rows)
        + f"<p class=muted>{escape(note)}</p>"
    )


def report_html(summary: dict) -> str:
    title = f"Simulation: {summary['scenario']}"
    banner = ""
    if summary["partial"]:
        banner = (
            f"<p class=banner><b>Partial run.</b> Stopped early: simulated up to {escape(summary['reached'])} "
            f"({summary['replications']} of {summary['replications_requested']} replication(s) finished "
            "or stopped). Figures cover the simulated part only.</p>"
        )
    replications = summary["replications"]
    ci_note = (
        "95% intervals over replications are in summary.json (ci95)."
        if replications > 1
        else ("One replication: run with --replications 5 for 95% intervals.")
    )
    fees = "; ".join(f"{code} {f['total']:,.0f} {f['currency']}" for code, f in sorted(summary["fees"].items()))
    cards = "".join(
        [
            _card("contacts", _num(summary.get("contacts")), f"{summary['days']} days, {summary['sellers']} sellers"),
            _card("first-contact resolution", _pct(summary.get("fcr")), "published: 82%"),
            _card("service level", _pct(summary.get("service_level")), "phone and chat, within 60 s"),
            _card("mean wait (ASA)", f"{_num(summary.get('asa_seconds'))} s", "phone and chat"),
            _card("abandoned", _pct(summary.get("p_abandon")), "phone and chat"),
            _card("email on time", _pct(summary.get("written_on_time")), "within the two-day commitment"),
            _card("escalated to sellers", _pct(summary.get("escalation_rate")), "of CSBA tickets"),
            _card("auto-resolved", _pct(summary.get("auto_resolution_rate")), "of cases (no seller reply in time)"),
            _card("sellers on time", _pct(summary.get("seller_on_time_rate")), "of decided cases"),
            _card("agents", _num(summary.get("agents")), f"occupancy {_pct(summary.get('occupancy'))}"),
        ]
    )
    sections = [
        f"<h1>{escape(title)}</h1>",
        f"<p class=question>{escape(summary.get('question') or '')}</p>",
        f"<p class=muted>{escape(summary.get('description') or '')} Seed {summary['seed']}, {replications} "
        f"replication(s), from {escape(summary['start'])} for {summary['days']} days; marketplaces "
        f"{', '.join(summary['marketplaces'])}. {ci_note}</p>",
        banner,
        "<h2>The answer in figures</h2>",
        f"<div class=cards>{cards}</div><p>Fees billed: {escape(fees or 'no month closed in the run')}.</p>",
        "<h2>Published vs simulated</h2>",
        _published(summary),
        "<p class=muted>FCR as DOMAIN.md defines it (no case to the seller, no new contact about the order within "
        "7 days). The JP figures compare enrolled with not-enrolled sellers of the run (the published ones are "
        "before/after launch).</p>",
        "<h2>Queues over time</h2>",
        _daily_charts(summary["daily"]),
        "<h2>Staffing: the agents rostered and the agents needed</h2>",
        _staffing(summary),
        "<h2>Resolution and the sellers' cases</h2>",
        _by_marketplace(summary),
        "<h2>What sellers pay</h2>",
        _fees(summary),
        "<h2>Enrolled vs not enrolled sellers</h2>",
        _groups(summary),
        "<details><summary>Every count</summary>"
        + _table(
            "Counts of the run",
            ["what", "how many"],
            [[key, _num(value)] for key, value in sorted(summary["counts"].items())],
        )
        + "</details>",
    ]
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
        f'content="width=device-width,initial-scale=1"><title>{escape(title)}</title><style>{CSS}</style>'
        f"</head><body><main>{''.join(sections)}</main></body></html>\n"
    )
