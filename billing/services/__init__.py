"""Every write of the billing app: the monthly close, statement reports,
CSAT invitations and ratings, and the validation rules of rate cards."""
from .closing import MonthCloseResult, month_close, months_due, statement_snapshot, statements_compute
from .csat import csat_invite, csat_link_for, csat_record, csat_token_for
from .rates import promotion_rule_problems, rate_card_problems
from .reports import statement_report_send, statement_reports_send

__all__ = [
    "MonthCloseResult", "csat_invite", "csat_link_for", "csat_record", "csat_token_for", "month_close", "months_due",
    "promotion_rule_problems", "rate_card_problems", "statement_report_send", "statement_reports_send",
    "statement_snapshot", "statements_compute",
]
