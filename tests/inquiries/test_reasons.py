"""One registry for contact reasons (inquiries.reasons.REASONS): every reason
has an entry, and every place that dispatches on a reason handles what the
entry names. A new reason that misses one of them fails here."""

import pytest

from inquiries.caselog.auto_resolution.policies import POLICIES
from inquiries.console.services.suggestions import SUGGESTIONS
from inquiries.reasons import REASONS, Reason, Route, reason_spec, route_for_reason


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_registry_entry_every_dispatch_handles(reason):
    spec = REASONS[reason]
    assert spec.route in Route.values
    assert spec.policy in POLICIES, f"no auto-resolution policy {spec.policy!r} for {reason}"
    assert spec.suggestion in SUGGESTIONS, f"no suggested answer {spec.suggestion!r} for {reason}"
    assert str(reason.label)


def test_the_registry_names_no_unknown_reason():
    assert set(REASONS) == set(Reason.values)


def test_routes_follow_the_classify_contract():
    # ARCHITECTURE.md: invoice, customization, pre_order -> seller messaging; account -> marketplace support
    seller = {r for r in Reason if route_for_reason(r) == Route.SELLER_MESSAGING}
    assert seller == {Reason.INVOICE, Reason.CUSTOMIZATION, Reason.PRE_ORDER}
    assert {r for r in Reason if route_for_reason(r) == Route.MARKETPLACE_SUPPORT} == {Reason.ACCOUNT}
    assert route_for_reason("not_a_reason") == Route.CSBA == reason_spec("not_a_reason").route
