"""Every write of the billing app: the monthly close, statement reports and
the validation rules of rate cards. (CSAT belongs to the ticket's life:
``inquiries.services.csat``.)"""

from .closing import MonthCloseResult, month_close, months_due, statement_snapshot
from .rates import promotion_rule_problems, rate_card_problems
from .reports import statement_report_send, statement_reports_send
from .statements import statements_compute

__all__ = [
    "MonthCloseResult",
    "month_close",
    "months_due",
    "promotion_rule_problems",
    "rate_card_problems",
    "statement_report_send",
    "statement_reports_send",
    "statement_snapshot",
    "statements_compute",
]
