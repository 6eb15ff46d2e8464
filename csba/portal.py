"""The seller's home (``/seller/``): what needs doing, gathered from the apps'
own selectors (a project module: it may read sellers, inquiries and billing,
which do not read each other): the cases awaiting the seller's reply with
their countdowns, buyer messages routed to it lately, statements issued
lately, and warnings about what puts its coverage or its reward at risk.
A fixed number of queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from billing.presentation import statement_view
from billing.selectors import statement_list
from csba.formatting import day, month
from inquiries.caselog.selectors import CaseFilter, case_list
from inquiries.intake.selectors import seller_messages_since
from sellers.models import AccountStanding, SellerAccount
from sellers.selectors import enrollment_overview, open_invitation_list
from sellers.services.eligibility import store_info_unmet

CASES_SHOWN = 10
NEW_DAYS = 31
TRIAL_WARNING_DAYS = 14


@dataclass(frozen=True)
class Warning:
    text: str
    url: str = ""
    link_text: str = ""


@dataclass
class SellerHome:
    cases: list
    cases_total: int
    messages_recent: int
    statements: list
    warnings: list[Warning]
    overview: list


def seller_home(*, seller: SellerAccount, now: datetime) -> SellerHome:
    awaiting = case_list(seller_id=seller.pk, state=CaseFilter.OPEN)
    cases = list(awaiting[:CASES_SHOWN])
    total = len(cases) if len(cases) < CASES_SHOWN else awaiting.count()
    statements = [
        s for s in statement_list(seller_id=seller.pk)[:12] if s.computed_at >= now - timedelta(days=NEW_DAYS)
    ]
    overview = enrollment_overview(seller_id=seller.pk, now=now)
    return SellerHome(
        cases=cases,
        cases_total=total,
        messages_recent=seller_messages_since(seller_id=seller.pk, since=now - timedelta(days=7)),
        statements=statements,
        warnings=_warnings(seller, overview, statements, now),
        overview=overview,
    )


def _warnings(seller: SellerAccount, overview, statements, now: datetime) -> list[Warning]:
    warnings = []
    if seller.standing != AccountStanding.GOOD:
        warnings.append(Warning(_("Your account is not in good standing: CSBA may stop covering your new orders.")))
    for entry in overview:
        current = entry.current
        if current is None:
            continue
        code = entry.marketplace.code
        if current.trial_ends_at and now <= current.trial_ends_at <= now + timedelta(days=TRIAL_WARNING_DAYS):
            warnings.append(
                Warning(
                    _("Your free trial in %(marketplace)s ends on %(date)s; fees apply from then on.")
                    % {"marketplace": code, "date": day(current.trial_ends_at)},
                    reverse("billing:estimator"),
                    _("Estimate your fees"),
                )
            )
        if entry.marketplace.requires_store_info and store_info_unmet(seller):
            warnings.append(
                Warning(
                    _("Your store information for %(marketplace)s is incomplete: CSBA needs it to answer your buyers.")
                    % {"marketplace": code},
                    reverse("seller:store_info"),
                    _("Complete it"),
                )
            )
    seen = set()
    for statement in statements:  # newest first: the latest month of each marketplace
        if statement.marketplace_id in seen:
            continue
        seen.add(statement.marketplace_id)
        for condition, is_met in statement_view(statement).qualify:
            if not is_met:
                warnings.append(
                    Warning(
                        _("%(marketplace)s, %(month)s: not met for the performance reward: %(condition)s.")
                        % {
                            "marketplace": statement.marketplace.code,
                            "month": month(statement.month),
                            "condition": condition,
                        },
                        reverse("billing:statement", args=[statement.pk]),
                        _("See the statement"),
                    )
                )
    for invitation in open_invitation_list(seller_id=seller.pk, now=now):
        warnings.append(
            Warning(
                _("You are invited to join CSBA in %(marketplace)s.") % {"marketplace": invitation.marketplace.code},
                reverse("seller:invitations"),
                _("See the invitation"),
            )
        )
    return warnings
