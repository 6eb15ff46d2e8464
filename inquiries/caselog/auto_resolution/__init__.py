"""CSBA's own judgment on a case the seller left unanswered: the policy per
contact reason (``decide``) and the batch writer the sweep uses to carry the
decisions out (``resolve_batch``).

``decide(case, now)`` is pure apart from reads: it returns a ``Decision`` (the
outcome, the grounds, the reply to the buyer, the refunds and returns to issue)
and writes nothing, so the simulator calls it to predict what CSBA would do.
The rules, each with its grounds recorded on the case:

- return request: a return with the applicable policy's label inside the
  policy's window; outside it the buyer is told the window has ended.
- damaged, defective, wrong or missing item: a return (window not enforced)
  and a full refund of what is still refundable.
- refund: a refund once the return has a carrier scan or was received; else
  a return inside the window; else the refund status.
- where is my order: with valid tracking, the carrier's status; without a
  shipment, without valid tracking, or 3 days past the estimated delivery, a
  full refund under the A-to-z Guarantee.
- cancel order: not shipped, cancelled and refunded; shipped, a return.
- A-to-z claim (marketplaces where the seller answers them): granted.
- product question: the best answer from the detail page
  (``inquiries.answering.live.answer_for_product``; the ticket's stored
  suggestion from the same engine while the page is unchanged since), else
  an apology with a return offer inside the window.
- anything else: an apology, with a return offer inside the window.
"""

from .batch import BatchResult, resolve_batch
from .facts import ResolutionContext, attach_order_data
from .policies import A_TO_Z_GRACE_DAYS, Decision, RefundPlan, ReturnPlan, decide
from .texts import Outcome, ground_text, outcome_label

__all__ = [
    "A_TO_Z_GRACE_DAYS",
    "BatchResult",
    "Decision",
    "Outcome",
    "RefundPlan",
    "ResolutionContext",
    "ReturnPlan",
    "attach_order_data",
    "decide",
    "ground_text",
    "outcome_label",
    "resolve_batch",
]
