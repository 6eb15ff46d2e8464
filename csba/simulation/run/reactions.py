"""How the world answers what CSBA did: sellers answer cases (or let them
run out to the sweep), returns travel back, buyers contact again, rate and
claim, sellers opt in and out during the run. A part of ``Replication``
(``replication.py`` holds the loop, intake and the pool)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from csba import clock
from csba.errors import DomainError
from inquiries.caselog.services import case_seller_reply
from inquiries.intake.services import Contact, contact_receive
from inquiries.models import Case
from inquiries.states import CaseStatus
from sellers.models import Marketplace, Return
from sellers.services import enrollment_opt_in, enrollment_opt_out

from ..world.buyers import SETTLE_DAYS, Experience
from ..world.draws import lognormal
from ..world.orders import OrderFacts, sql_time
from ..world.population import invitation_create
from .jobs import reminder_moment

WRITTEN = ("email", "web_form")  # "buyer messages": the written channels both groups answer
SELLER_ANSWER = {
    "en": "Thank you. Here is the information: the parcel was handed over and the details are below.",
    "de": "Vielen Dank. Hier die Informationen: das Paket wurde übergeben, Details unten.",
    "ja": "ご連絡ありがとうございます。詳細は以下のとおりです。",
}


class Reactions:
    # -- the buyers' experience of an order ----------------------------------------------------------------

    def experience_of(self, order: OrderFacts | None) -> Experience | None:
        if order is None:
            return None
        experience = self.experiences.get(order.id)
        if experience is None:
            experience = self.experiences[order.id] = Experience(
                last=order.placed, is_late=order.is_late, is_lost=order.delivered is None
            )
        return experience

    def settle_later(self, order: OrderFacts, at: datetime | None = None) -> None:
        experience = self.experiences[order.id]
        experience.version += 1
        anchor = max(at or experience.last, order.delivered or order.estimate + timedelta(days=7))
        moment = anchor + timedelta(days=SETTLE_DAYS)
        if moment < self.end:
            self.schedule(moment, "settle", (order, experience.version))

    def settle(self, at: datetime, order: OrderFacts, version: int) -> None:
        experience = self.experiences.get(order.id)
        if experience is None or experience.version != version:
            return
        del self.experiences[order.id]
        stars, claim_after = self.buyer_model.settle(experience)
        if stars:
            self.ratings[self.step_of(at) + 1].append((order.id, stars, at))
        if claim_after is not None:
            self.claim(order, at + timedelta(seconds=claim_after), self.step_of(at) + 1)

    def claim(self, order: OrderFacts, at: datetime, step: int) -> None:
        if at < self.end:
            plan = self.draws.plan(order, "other", at, "web_form", claim=True)
            self.arrive(plan, not_before=step)
            self.counts["claims_filed"] += 1

    # -- after an agent's work --------------------------------------------------------------------------------

    def after_work(self, state, work, applied, now: datetime) -> None:
        plan, experience = state.plan, self.experience_of(state.plan.order)
        self.counts["work_units"] += 1
        if applied.refused:
            self.counts["refused_actions"] += len(applied.refused)
        if applied.replied and state.first_reply is None:
            state.first_reply = now
            hours = (now - state.opened).total_seconds() / 3600.0
            if state.covered and plan.order is not None and not plan.claim and plan.channel in WRITTEN:
                self.reply_hours["enrolled"].append(hours)
            if experience is not None and hours > 24:
                experience.is_slow = True
        if work.cancels and applied.refunded and plan.order is not None:
            self.book.cancel(plan.order)
        if applied.refunded and experience is not None:
            experience.is_refunded = True
        if applied.return_id is not None:
            self.return_travels(applied.return_id, plan.order, now)
        if applied.case_id is not None:
            self.case_opened(state, applied, now)
        if applied.resolved:
            self.resolved(state, work.outcome, now)

    def resolved(self, state, outcome: str, now: datetime) -> None:
        state.is_closed, state.outcome = True, outcome
        self.tickets.pop(state.pk, None)
        self.holder.pop(state.pk, None)
        self.counts[f"outcome:{outcome}"] += 1
        self.series["resolved"][now.date().isoformat()] += 1
        order = state.plan.order
        experience = self.experience_of(order)
        if experience is None:
            return
        experience.outcome, experience.last = outcome, now
        if self.buyer_model.recontacts(outcome) and not state.plan.claim:
            at = self.buyer_model.recontact_at(now)
            reason = (
                state.plan.reason
                if outcome != "wrong_answer" or self.streams["buyers"].random() < 0.7
                else ("feedback_complaint")
            )
            plan = self.draws.plan(order, reason, at, self.draws.channel(), again=True, previous=state.pk)
            if plan.order is not None and at < self.end:
                self.arrive(plan, not_before=self.step_of(now) + 1)
                self.counts["recontacts"] += 1
                experience.last = at
        self.settle_later(order)

    def seller_answers_buyer(self, state, experience: Experience | None) -> None:
        """A contact routed to the seller: it answers its buyer itself (outside CSBA)."""
        seller = self.world.sellers[state.plan.seller]
        messaging = self.scenario["sellers"]["messaging"]
        rng = self.streams["buyers"]
        if rng.random() < messaging["never_replies"]:
            if experience is not None:
                experience.is_unanswered, experience.outcome = True, "no_reply"
        else:
            hours = seller.messaging_hours * math.exp(messaging["reply_hours"]["sigma"] * rng.standard_normal())
            if state.covered is False and not state.plan.claim and state.plan.channel in WRITTEN:
                self.reply_hours["not_enrolled"].append(hours)
            if experience is not None:
                experience.is_slow = experience.is_slow or hours > 24
                experience.outcome = "answered" if rng.random() < messaging["resolves"] else "seller_unresolved"
                experience.last = state.opened + timedelta(hours=hours)
        if state.plan.order is not None and experience is not None:
            self.settle_later(state.plan.order)

    # -- cases ------------------------------------------------------------------------------------------------

    def case_opened(self, state, applied, now: datetime) -> None:
        state.case_id, state.deadline = applied.case_id, applied.deadline
        self.counts["cases"] += 1
        self.series["cases"][now.date().isoformat()] += 1
        seller = self.world.sellers[state.plan.seller]
        cases = self.scenario["sellers"]["cases"]
        rng = self.streams["jobs"]
        self.jobs.due("sweep", applied.deadline)
        remind = reminder_moment(applied.deadline, now, seller.marketplace)
        if remind is not None:
            self.jobs.due("remind", remind)
        if rng.random() >= cases["never_replies"]:
            hours = seller.case_hours * math.exp(cases["reply_hours"]["sigma"] * rng.standard_normal())
            self.schedule(now + timedelta(hours=hours), "seller_reply", (state, applied.case_id))

    def seller_replies(self, at: datetime, state, case_id: int) -> None:
        seller = self.world.sellers[state.plan.seller]
        try:
            case_seller_reply(case_id=case_id, seller=seller.pk, body=SELLER_ANSWER[state.plan.language], now=at)
        except DomainError:
            self.counts["seller_reply_refused"] += 1
            return
        status = Case.objects.filter(pk=case_id).values_list("status", flat=True).first()
        on_time = at <= state.deadline
        self.counts["seller_replies_on_time" if on_time else "seller_replies_late"] += 1
        if status == CaseStatus.SELLER_REPLIED and not state.is_closed:
            self.offer(state, "seller", "email", at, priority=10)

    def sweep_ran(self, at: datetime) -> None:
        """After the sweep: the tickets it resolved by CSBA's judgment leave the world's queue."""
        due = [s for s in self.tickets.values() if s.case_id and s.deadline and s.deadline <= at and not s.is_closed]
        if not due:
            return
        rows = Case.objects.filter(pk__in=[s.case_id for s in due]).values_list("pk", "status", "resolution")
        decided = {pk: (status, resolution) for pk, status, resolution in rows}
        for state in due:
            status, resolution = decided.get(state.case_id, ("", {}))
            if status == CaseStatus.AUTO_RESOLVED:
                self.counts["auto_resolved"] += 1
                self.series["auto_resolved"][at.date().isoformat()] += 1
                experience = self.experience_of(state.plan.order)
                if experience is not None and (resolution or {}).get("refunds"):
                    experience.is_refunded = True
                self.resolved(state, "auto_resolved", at)

    # -- returns ----------------------------------------------------------------------------------------------

    def return_travels(self, return_id: int, order: OrderFacts | None, now: datetime) -> None:
        returns = self.scenario["returns"]
        rng = self.streams["orders"]
        if order is None or rng.random() < returns["never_shipped"]:
            return
        scanned = now + timedelta(days=lognormal(rng, returns["ship_back_days"]))
        received = scanned + timedelta(days=lognormal(rng, returns["transit_days"]))
        if scanned < self.end:
            self.schedule(scanned, "return", (return_id, order, "scan", rng.random() < returns["own_label"]))
        if received < self.end:
            self.schedule(received, "return", (return_id, order, "received", False))

    def return_moves(self, at: datetime, return_id: int, order: OrderFacts, stage: str, own_label: bool) -> None:
        """The carrier scans the return, then the seller receives it (data the carrier and seller send)."""
        cursor = self.book.cursor
        table = Return._meta.db_table
        if stage == "scan":
            cursor.execute(
                f"UPDATE {table} SET first_scan_at = %s, status = 'in_transit', is_amazon_label = %s WHERE id = %s",
                [sql_time(at), not own_label, return_id],
            )
            order.return_scanned = True
            return
        cursor.execute(
            f"UPDATE {table} SET received_at = %s, status = 'received' WHERE id = %s", [sql_time(at), return_id]
        )
        experience = self.experiences.get(order.id)
        if experience is not None and not experience.is_refunded and self.streams["buyers"].random() < 0.5:
            asked = at + timedelta(days=float(self.streams["buyers"].exponential(2.0)))
            if asked < self.end:
                self.arrive(
                    self.draws.plan(order, "refund", asked, self.draws.channel()), not_before=self.step_of(at) + 1
                )

    # -- timeline dispatch ------------------------------------------------------------------------------------

    def timeline_event(self, at: datetime, kind: str, payload) -> None:
        if kind == "job":
            self.jobs.run(payload, at)
            if payload == "sweep":
                self.sweep_ran(at)
        elif kind == "seller_reply":
            self.seller_replies(at, *payload)
        elif kind == "settle":
            self.settle(at, *payload)
        elif kind == "return":
            self.return_moves(at, *payload)
        elif kind == "commitment":
            state = self.tickets.get(payload)
            if state is not None and state.first_reply is None:
                self.jobs.due("commitment", at)
        elif kind == "buyer_writes":
            self.buyer_writes(at, payload)
        elif kind == "opt":
            self.opt_change(at, *payload)

    def buyer_writes(self, at: datetime, ticket_pk: int) -> None:
        state = self.tickets.get(ticket_pk)
        if state is None:
            return
        contact = self.contact_for(state.plan)
        contact = Contact(
            channel="email",
            marketplace_code=contact.marketplace_code,
            body=contact.body,
            buyer_email=contact.buyer_email,
            ticket_reference=ticket_pk,
        )
        contact_receive(contact=contact, now=at)
        self.offer(state, "first", "email", at)

    def commitment_hours(self, plan) -> int:
        if not hasattr(self, "_commitment"):
            self._commitment = dict(Marketplace.objects.values_list("code", "commitment_hours"))
        return self._commitment.get(self.world.sellers[plan.seller].marketplace, 48)

    # -- enrollment during the run ----------------------------------------------------------------------------

    def opt_changes_schedule(self) -> None:
        """Each seller may opt in (when not enrolled) or out (when enrolled) during the run, at the
        monthly rates of ``sellers.enrollment``."""
        choices = self.scenario["sellers"]["enrollment"]
        rng = self.streams["sellers"]
        days = (self.end - self.start).total_seconds() / 86400.0
        for seller in self.world.sellers:
            for what, rate in (("in", choices["opt_in_per_month"]), ("out", choices["opt_out_per_month"])):
                after = float(rng.exponential(30.44 / rate)) if rate > 0 else math.inf
                if after < days:
                    self.schedule(self.start + timedelta(days=after), "opt", (seller, what))

    def opt_change(self, at: datetime, seller, what: str) -> None:
        from sellers.models import Enrollment

        enrolled = Enrollment.objects.filter(
            seller_id=seller.pk, marketplace__code=seller.marketplace, ended_at__isnull=True
        ).exists()
        try:
            if what == "out" and enrolled:
                enrollment_opt_out(seller_id=seller.pk, marketplace_code=seller.marketplace, now=at)
                self.counts["opted_out_in_run"] += 1
            elif what == "in" and not enrolled:
                if Marketplace.objects.filter(code=seller.marketplace, is_invitation_only=True).exists():
                    invitation_create(seller.pk, seller.marketplace, now=at - timedelta(days=2))
                window = enrollment_opt_in(
                    seller_id=seller.pk, marketplace_code=seller.marketplace, terms_accepted=True, now=at
                ).enrollment
                self.jobs.due("activate", window.effective_at)
                self.counts["opted_in_in_run"] += 1
        except DomainError:
            self.counts["opt_refused"] += 1

    def close_last_month(self) -> None:
        """Close the month the run ended in where it is over, as the billing beat after it would."""
        beat = self.end + timedelta(days=1)
        clock.freeze(beat)
        self.jobs.run("month", beat)
