"""The sections of the scenario schema that describe the world (sellers,
orders, shipping, contacts, agents, buyers); ``schema.py`` puts them together
with the run's own keys."""

from __future__ import annotations

from datetime import date

from .constants import (
    BUYER_CHANNELS,
    CONTACT_REASONS,
    DAY_SHAPE,
    HANDLE_MINUTES,
    LANGUAGES,
    LIVE_CHANNELS,
    REASON_MIX,
    WEEK_SHAPE,
    country_problem,
    language_problem,
    units_problem,
)
from .spec import Beta, Day, Each, Lognormal, Number, Rows, Share, Shares, Table, Weights, Whole, Words


def sellers_section() -> Table:
    return Table(
        fields={
            "orders_per_day": Lognormal(2.0, 1.0, "a seller's orders per day (its size)", unit="orders"),
            "products": Lognormal(5.0, 0.6, "products a seller lists", unit="products"),
            "product_popularity": Number(default=1.1, doc="Zipf exponent of a seller's sales over its products"),
            "fbm_share": Beta(4.0, 1.3, "share of a seller's units it ships itself (FBM); the rest is FBA"),
            "registered_days": Table(
                fields={
                    "min": Whole(30, "youngest seller: days registered before the start"),
                    "max": Whole(2500, "oldest seller"),
                },
                doc="seller ages, uniform between min and max",
            ),
            "professional_plan": Share(0.97, "sellers on the Professional plan (only they can enrol)"),
            "enrollment": Table(
                fields={
                    "opt_in": Share(
                        0.45,
                        "sellers not enrolled by default who opted in before the start "
                        "(invited first where the program is invitation-only)",
                    ),
                    "opt_out": Share(0.08, "sellers enrolled by default who opted out before the start"),
                    "opt_in_per_month": Share(0.02, "of the sellers not enrolled, opting in per month during the run"),
                    "opt_out_per_month": Share(0.01, "of the enrolled sellers, opting out per month during the run"),
                },
                doc="enrollment behaviour (default enrollment itself is the marketplace's rule, applied at "
                "registration)",
            ),
            "quality": Table(
                fields={
                    "page_completeness": Beta(6.0, 2.0, "share of a product's facts on its detail page"),
                    "valid_tracking": Beta(40.0, 1.5, "share of a seller's packages with valid tracking"),
                    "contact_factor": Lognormal(1.0, 0.6, "a seller's contacts per unit relative to the average"),
                    "defect_factor": Lognormal(1.0, 0.5, "a seller's damaged, defective and wrong items, relative"),
                }
            ),
            "cases": Table(
                fields={
                    "reply_hours": Lognormal(
                        4.0, 1.0, "a seller's answer to a case, after it was opened", unit="hours"
                    ),
                    "never_replies": Share(0.12, "cases the seller never answers"),
                    "seller_spread": Number(default=0.6, doc="sigma of a seller's own median around the median"),
                },
                doc="how sellers answer CSBA's cases",
            ),
            "messaging": Table(
                fields={
                    "reply_hours": Lognormal(10.0, 1.0, "a seller's first reply to a buyer message", unit="hours"),
                    "never_replies": Share(0.10, "buyer messages the seller never answers"),
                    "origin_factor": Each(
                        item=Number(default=1.0, doc="multiplies reply_hours for sellers of this origin"),
                        default={"CN": 2.2},
                        key_check=country_problem,
                        placeholder="<country>",
                        doc="slower replies for some origins (a language barrier)",
                    ),
                    "resolves": Share(0.8, "of the messages a seller answers, those that settle the buyer's issue"),
                },
                doc="how sellers answer their own buyers (not covered: not enrolled, FBA, seller topics)",
            ),
        }
    )


def orders_section() -> Table:
    return Table(
        fields={
            "units": Shares(
                {"1": 0.82, "2": 0.13, "3": 0.05}, "units per order line (shares)", key_check=units_problem
            ),
            "day_shape": Weights(DAY_SHAPE, length=24, doc="orders per local hour (weights, normalised)"),
            "week_shape": Weights(WEEK_SHAPE, length=7, doc="orders per weekday, Monday first (weights)"),
            "trend_per_month": Number(default=0.0, low=-0.5, high=0.5, doc="growth per month (0.02: +2%)"),
            "peaks": Rows(
                item=Table(
                    fields={
                        "start": Day(date(2026, 11, 27), "first day of the peak"),
                        "days": Whole(4, "days it lasts", low=1),
                        "factor": Number(default=2.5, doc="orders multiplied by"),
                        "marketplaces": Words((), doc="marketplaces it applies to (empty: all)"),
                    }
                ),
                doc="holiday peaks",
            ),
        }
    )


def shipping_section() -> Table:
    return Table(
        fields={
            "handling_hours": Lognormal(20.0, 0.6, "order placed to shipped", unit="hours"),
            "transit_days": Lognormal(2.5, 0.35, "shipped to delivered", unit="days"),
            "estimate_days": Number(default=4.0, doc="estimated delivery: days after shipping"),
            "late_share": Share(0.05, "shipments delayed beyond their estimate"),
            "late_days": Lognormal(3.0, 0.6, "delay of a late shipment beyond the estimate", unit="days"),
            "lost_share": Share(0.004, "shipments never delivered"),
            "signed_for": Share(0.15, "deliveries signed for"),
        }
    )


def contacts_section() -> Table:
    return Table(
        fields={
            "per_unit": Number(default=0.08, doc="contacts per unit of an average seller with on-time delivery"),
            "reasons": Shares(REASON_MIX, "why buyers contact (shares)", keys=CONTACT_REASONS),
            "channels": Shares(
                {"email": 0.42, "chat": 0.26, "phone": 0.22, "web_form": 0.10},
                "how buyers contact (shares)",
                keys=BUYER_CHANNELS,
            ),
            "late_factor": Number(default=8.0, doc="where-is-my-order contacts on a late shipment, multiplied by"),
            "lost_factor": Number(default=40.0, doc="… on a shipment never delivered"),
            "no_tracking_factor": Number(default=2.5, doc="… on a package without valid tracking"),
            "missing_fact_factor": Number(
                default=2.0, doc="product questions when the page lacks the facts buyers ask, times"
            ),
            "questions_per_product": Whole(4, "distinct questions buyers ask about one product", low=1, high=20),
            "order_number_in_text": Share(0.35, "contacts whose text quotes the order number"),
            "mixed_language": Share(0.03, "contacts with a sentence in English inside another language"),
        }
    )


def agents_section() -> Table:
    return Table(
        fields={
            "teams": Each(
                item=Table(
                    fields={
                        "agents": Number(
                            default=10.0, doc="agents on duty on average (FTE), spread over the day like the contacts"
                        ),
                        "channels": Words(BUYER_CHANNELS, choices=BUYER_CHANNELS, doc="channels they answer"),
                        "extra_languages": Words((), choices=LANGUAGES, doc="other languages they speak"),
                        "minimum": Whole(1, "agents on duty at any hour"),
                    }
                ),
                default={"en": {"agents": 10.0}},
                key_check=language_problem,
                placeholder="<language>",
                doc="teams by language",
            ),
            "shift_hours": Number(default=8.0, low=1.0, high=12.0, doc="length of a shift"),
            "break_minutes": Number(default=30.0, low=0.0, high=120.0, doc="one break per shift"),
            "peak_staffing": Number(default=1.0, doc="agents on peak days (orders.peaks), times the usual"),
            "handle_minutes": Each(
                item=Number(default=6.0, low=0.0, above=True, doc="mean minutes"),
                default=HANDLE_MINUTES,
                key_check=lambda r: None if r in HANDLE_MINUTES else f"expected one of {', '.join(HANDLE_MINUTES)}",
                placeholder="<reason>",
                doc="mean handle time of a first contact per reason (lognormal, sigma below)",
            ),
            "handle_sigma": Number(default=0.5, doc="sigma of the handle time's logarithm"),
            "channel_factor": Each(
                item=Number(default=1.0, low=0.0, above=True, doc="handle time multiplied by"),
                default={"phone": 1.0, "chat": 1.25, "email": 0.85, "web_form": 0.85},
                key_check=lambda c: None if c in BUYER_CHANNELS else f"expected one of {', '.join(BUYER_CHANNELS)}",
                placeholder="<channel>",
                doc="handle time per channel",
            ),
            "follow_up_minutes": Number(
                default=4.0, low=0.0, above=True, doc="a ticket back from the seller or the buyer"
            ),
            "accept_suggestion": Share(0.85, "suggested answers the agent sends (when the engine answers)"),
            "edit_suggestion": Share(0.25, "of those, sent after editing"),
            "suggestion_saves": Share(0.35, "handle time saved by sending a suggested answer"),
            "wrong_answer": Share(0.04, "answers of the agent's own that miss the buyer's point"),
            "escalate_unanswered": Share(0.8, "questions the page cannot answer that the agent asks the seller"),
            "escalate_no_tracking": Share(0.35, "where-is-my-order contacts without valid tracking sent to the seller"),
            "escalate_change": Share(0.7, "change-order requests sent to the seller"),
            "escalate_other": Share(0.03, "other contacts sent to the seller"),
            "refund_late_days": Number(
                default=7.0, doc="days past the estimate after which a missing parcel is refunded at once"
            ),
            "csat_response": Share(0.15, "buyers who rate a resolved ticket"),
        }
    )


def buyers_section() -> Table:
    return Table(
        fields={
            "patience_seconds": Each(
                item=Number(default=180.0, low=0.0, above=True, doc="mean seconds before hanging up"),
                default={"phone": 180.0, "chat": 300.0},
                key_check=lambda c: None if c in LIVE_CHANNELS else f"expected one of {', '.join(LIVE_CHANNELS)}",
                placeholder="<channel>",
                doc="exponential patience of buyers on live channels",
            ),
            "retry": Share(0.35, "buyers who hung up that call or chat again"),
            "retry_minutes": Number(default=15.0, low=0.0, above=True, doc="mean delay before trying again"),
            "write_instead": Share(0.4, "of those who do not try again, buyers who write an email instead"),
            "recontact": Table(
                fields={
                    "answered": Share(0.04, "after a correct answer"),
                    "wrong_answer": Share(0.45, "after an answer that missed the point"),
                    "remedy": Share(0.03, "after a refund, return or replacement"),
                    "declined": Share(0.25, "after a request was declined"),
                    "unresolved": Share(0.25, "after an answer that left the problem open (a late parcel)"),
                    "seller": Share(0.12, "after the seller's answer through a case"),
                    "auto_resolved": Share(0.15, "after CSBA decided without the seller"),
                    "mean_days": Number(default=1.5, low=0.0, above=True, doc="mean delay of the second contact"),
                },
                doc="buyers contacting again about the same order after a resolution, by outcome",
            ),
            "reply_to_question": Share(0.7, "buyers who answer when the agent asks them something"),
            "feedback": Table(
                fields={
                    "rate": Share(0.10, "orders the buyer rates"),
                    "negative": Share(0.02, "ratings that are negative (1–2 stars) on a trouble-free order"),
                    "late_factor": Number(default=3.0, doc="negative ratings after a late delivery, times"),
                    "problem_factor": Number(default=4.0, doc="… after a problem left unresolved, times"),
                    "slow_factor": Number(default=2.5, doc="… after waiting over a day for a first reply, times"),
                    "resolved_factor": Number(default=1.5, doc="… after a problem that was solved, times"),
                },
                doc="seller feedback",
            ),
            "claims": Table(
                fields={
                    "base": Share(0.0002, "A-to-z claims on a trouble-free order"),
                    "not_received": Share(0.30, "… on a parcel never delivered and not refunded"),
                    "problem": Share(0.03, "… on a problem left unresolved"),
                    "no_reply": Share(0.05, "… when nobody answered the buyer"),
                    "slow_reply": Share(0.02, "… when the first answer took over two days"),
                    "days": Lognormal(5.0, 0.5, "after the trouble, before the claim", unit="days"),
                },
                doc="A-to-z Guarantee claims (filed through the claim form)",
            ),
        }
    )
