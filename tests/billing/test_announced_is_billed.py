"""Issue 12, item 8: a statement keeps the figures it was computed from; a
ticket merged or reclassified after the close changes neither the announced
tier nor the bill, unless an operator recomputes the month with a reason
(audited, the old statement kept as a revision). A month closed before the
rules changed is recomputed under the new rules the same way."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from billing.models import MonthClose, MonthlyStatement, StatementRevision
from billing.services import month_close
from csba.errors import DomainError
from inquiries.models import Ticket
from inquiries.states import TicketStatus
from tests.factories import operator_user

from .helpers import UTC, at, contacts, enrolled_seller, ship

pytestmark = pytest.mark.django_db
D = Decimal
SEPTEMBER, OCTOBER = date(2026, 9, 1), date(2026, 10, 1)
NOW = datetime(2026, 11, 2, tzinfo=UTC)


def _statement(seller, month):
    return MonthlyStatement.objects.get(seller=seller, marketplace__code="US", month=month)


def _september_with_18_contacts():
    # 300 units over July–September and 18 contacts in September: 6%, tier 2 for October
    seller = enrolled_seller()
    for month in (7, 8, 9):
        ship(seller, 100, at(2026, month), valid_tracking=False)
    tickets = contacts(seller, 18, at(2026, 9, 20))
    ship(seller, 100, at(2026, 10), valid_tracking=False)
    month_close(marketplace="US", month=SEPTEMBER, now=NOW)
    assert _statement(seller, SEPTEMBER).inputs["next_month"]["tier"] == 2
    return seller, tickets


def test_tickets_merged_after_the_close_change_neither_the_announced_tier_nor_the_bill():
    # given September closed (October announced at tier 2), then ten of its tickets merged as duplicates
    seller, tickets = _september_with_18_contacts()
    before = _statement(seller, SEPTEMBER)
    Ticket.objects.filter(pk__in=[t.pk for t in tickets[:10]]).update(status=TicketStatus.MERGED)
    # when October is closed
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then October is billed at the announced tier, from September's recorded 18 contacts
    october = _statement(seller, OCTOBER)
    assert (october.window_contacts, october.tier, october.base_rate) == (18, 2, D("0.2500"))
    assert october.inputs["contacts_by_month"]["2026-09"] == 18
    assert october.fee == D("25.00")
    # and September's statement is untouched
    after = _statement(seller, SEPTEMBER)
    assert (after.contacts, after.fee, after.version, after.inputs) == (18, before.fee, 1, before.inputs)


def test_a_ticket_reclassified_away_from_csba_after_the_close_does_not_change_the_bill():
    seller, tickets = _september_with_18_contacts()
    Ticket.objects.filter(pk__in=[t.pk for t in tickets[:10]]).update(route="seller_messaging")
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    assert (_statement(seller, OCTOBER).window_contacts, _statement(seller, OCTOBER).tier) == (18, 2)


def test_only_an_operators_recompute_with_a_reason_changes_a_closed_month():
    # given the merge after September's close
    from billing.models import MonthRecomputation

    seller, tickets = _september_with_18_contacts()
    Ticket.objects.filter(pk__in=[t.pk for t in tickets[:10]]).update(status=TicketStatus.MERGED)
    operator = operator_user()
    # when an operator recomputes without a reason, it is refused and nothing changes
    with pytest.raises(DomainError) as error:
        month_close(marketplace="US", month=SEPTEMBER, now=NOW, recompute=True, actor=operator, reason=" ")
    assert error.value.code == "reason_required"
    assert _statement(seller, SEPTEMBER).version == 1 and not MonthRecomputation.objects.exists()
    # when the operator gives a reason
    month_close(marketplace="US", month=SEPTEMBER, now=NOW, recompute=True, actor=operator, reason="duplicates merged")
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then September counts 8 contacts, the 18 kept in a revision, and October follows (8 / 300: tier 1)
    september = _statement(seller, SEPTEMBER)
    assert (september.contacts, september.version) == (8, 2)
    [revision] = StatementRevision.objects.filter(statement=september)
    assert (revision.previous["contacts"], revision.current["contacts"]) == (18, 8)
    assert revision.previous_inputs["contacts_by_month"]["2026-09"] == 18
    assert (revision.revised_by, revision.reason) == (operator, "duplicates merged")
    [audit] = MonthRecomputation.objects.all()
    assert (audit.recomputed_by, audit.reason, audit.revised, audit.unchanged) == (operator, "duplicates merged", 1, 0)
    assert _statement(seller, OCTOBER).tier == 1


def _as_closed_before_the_rules_changed(statement: MonthlyStatement) -> None:
    """What a statement closed by the old code holds: no seller-fulfilled
    figure, CPU over covered units only, the reward of its own month, no
    announcement of a reward."""
    inputs = {key: value for key, value in statement.inputs.items() if key != "rules_version"}
    inputs.pop("seller_fulfilled_units_by_month")
    inputs["next_month"] = {k: v for k, v in inputs["next_month"].items() if k in ("month", "tier", "rate", "cpu")}
    MonthlyStatement.objects.filter(pk=statement.pk).update(
        seller_fulfilled_units=None,
        window_units=20,
        cpu=D("0.200000"),
        tier=None,
        is_standard_rate=True,
        base_rate=D("0.2500"),
        effective_rate=D("0.2500"),
        fee=D("12.50"),
        flags=["standard_rate"],
        fcr=None,
        inputs=inputs,
    )


def test_a_month_closed_before_the_change_is_recomputed_under_the_new_rule_keeping_the_old_statement(capsys):
    # given October closed under the old rule: CPU over the 20 covered units of the window (standard rate)
    seller = enrolled_seller(since=at(2026, 9, 15, 0))
    ship(seller, 1980, at(2026, 8), valid_tracking=False, orders=10)
    covered = ship(seller, 20, at(2026, 9, 25), valid_tracking=False, placed_at=at(2026, 9, 20))
    contacts(seller, 4, at(2026, 9, 26), order=covered[0].order)
    ship(seller, 50, at(2026, 10, 10), valid_tracking=False, placed_at=at(2026, 10, 5))
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    _as_closed_before_the_rules_changed(_statement(seller, OCTOBER))
    operator = operator_user()
    # when an operator recomputes it from the command line, with a reason
    call_command(
        "close_month",
        "--marketplace",
        "US",
        "--month",
        "2026-10",
        "--recompute",
        "--reason",
        "CPU over every seller-fulfilled unit (issue 12)",
        "--operator",
        operator.username,
    )
    # then October is billed under the new rule: 4 / 2,000 = 0.2%, tier 1
    october = _statement(seller, OCTOBER)
    assert (october.window_units, october.tier, october.is_standard_rate, october.fee) == (2000, 1, False, D("5.00"))
    assert october.seller_fulfilled_units == 50 and october.version == 2
    assert october.inputs["rules_version"] == 2
    # and the old statement is kept as a revision, with who and why
    [revision] = october.revisions.all()
    assert revision.previous["is_standard_rate"] is True and revision.previous["fee"] == "12.5"
    assert revision.previous["seller_fulfilled_units"] is None and revision.current["seller_fulfilled_units"] == 50
    assert "rules_version" not in revision.previous_inputs
    assert (revision.revised_by, revision.reason) == (operator, "CPU over every seller-fulfilled unit (issue 12)")
    close = MonthClose.objects.get(month=OCTOBER)
    assert close.recomputations.get().reason == "CPU over every seller-fulfilled unit (issue 12)"
    assert "1 changed" in capsys.readouterr().out


def test_a_later_close_reads_what_an_old_statement_did_not_record_from_the_data():
    # given October closed under the old rule (no seller-fulfilled figure) and never recomputed
    seller = enrolled_seller(since=at(2026, 9, 15, 0))
    ship(seller, 980, at(2026, 9, 10), valid_tracking=False, orders=10, placed_at=at(2026, 9, 1))
    ship(seller, 20, at(2026, 10, 10), valid_tracking=False, placed_at=at(2026, 10, 5))
    contacts(seller, 3, at(2026, 10, 12))
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    _as_closed_before_the_rules_changed(_statement(seller, OCTOBER))
    ship(seller, 10, at(2026, 11, 10), valid_tracking=False, placed_at=at(2026, 11, 5))
    # when November is closed
    month_close(marketplace="US", month=date(2026, 11, 1), now=datetime(2026, 12, 2, tzinfo=UTC))
    # then October's seller-fulfilled units come from the data, its contacts from its statement
    november = _statement(seller, date(2026, 11, 1))
    assert november.inputs["seller_fulfilled_units_by_month"]["2026-10"] == 20
    assert november.inputs["contacts_by_month"]["2026-10"] == 3
    assert "2026-10" not in november.inputs["units_from_statements"]
    assert (november.window_units, november.window_contacts, november.tier) == (1000, 3, 1)
