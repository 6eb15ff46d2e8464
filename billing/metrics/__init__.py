"""Per-seller metrics of a marketplace, each one grouped aggregate query over
all sellers (never a loop per seller or per order).

Months are local to the marketplace (``periods.month_bounds``). Several
consecutive months come back from one query, bucketed with a CASE on the
timestamp, so the monthly close reads the billed month, the three months
before it (the tier window) and the window of the next month's tier at once.
``seller_ids`` narrows a query to some sellers (the portal asks for one).

Definitions (DOMAIN.md "Fees", "Reports and metrics"), one module per subject:

- ``volume``: covered units (CSBA units, ``sellers.coverage.
  covered_item_condition``: what the fee is charged on) and every
  seller-fulfilled unit shipped, covered or not (what CPU divides by),
  counted in the month their package shipped, cancelled orders excluded;
  contacts: order-related tickets handled by CSBA (route ``csba``, an order,
  not merged away), counted in the month they were opened; their reasons.
- ``quality``: VTR (packages with a valid tracking number ÷ packages shipped
  and confirmed, over packages holding seller-fulfilled units); APRL rate
  (returns of seller-fulfilled units authorized in the month with an Amazon
  Prepaid Return Label ÷ those returns); ODR (orders with a defect ÷ orders
  placed in the 60 days ending with the month; a defect is an A-to-z claim,
  negative feedback of 1 or 2 stars, or a chargeback; an order with several
  defects counts once); CSAT (mean 1–5 rating of the tickets rated in the
  month); the buyer commitment (CSBA tickets opened in the month and those
  without a first reply within two days).
- ``fcr``: first-contact resolution.
- ``recorded``: the sellers billed in a month and the figures closed months'
  statements recorded; ``window``: a seller's tier window from both.
"""

from .base import RATE_PLACES, Ratio
from .fcr import fcr_by_month, first_contact_condition, first_contact_resolution
from .quality import (
    NEGATIVE_FEEDBACK_MAX,
    ODR_DAYS,
    DefectCounts,
    buyer_commitment,
    csat_by_month,
    labels_by_month,
    order_defect_rate,
    prepaid_label_rate,
    tracking_by_month,
    valid_tracking_rate,
)
from .recorded import Recorded, SellerInMonth, closed_months, recorded_by_month, sellers_in_month
from .volume import (
    contact_reasons,
    contacts_by_month,
    covered_items,
    csba_contacts,
    seller_fulfilled_items,
    seller_fulfilled_units_by_month,
    shipped_units_by_month,
    trial_units,
    units_by_month,
)
from .window import SellerWindow, seller_windows

__all__ = [
    "NEGATIVE_FEEDBACK_MAX",
    "ODR_DAYS",
    "RATE_PLACES",
    "DefectCounts",
    "Ratio",
    "Recorded",
    "SellerInMonth",
    "SellerWindow",
    "buyer_commitment",
    "closed_months",
    "contact_reasons",
    "contacts_by_month",
    "covered_items",
    "csat_by_month",
    "csba_contacts",
    "fcr_by_month",
    "first_contact_condition",
    "first_contact_resolution",
    "labels_by_month",
    "order_defect_rate",
    "prepaid_label_rate",
    "recorded_by_month",
    "seller_fulfilled_items",
    "seller_fulfilled_units_by_month",
    "seller_windows",
    "sellers_in_month",
    "shipped_units_by_month",
    "tracking_by_month",
    "trial_units",
    "units_by_month",
    "valid_tracking_rate",
]
