"""One replication of a scenario: the world's clock advanced step by step
(``simulation.tick_minutes``), every simulated event carried out by the live
system's services at its virtual time.

Each step: the orders of a new hour are placed, packages shipped and
delivered (set-based writes, ``world.orders``); the contacts of the step go
through batch intake (classification, coverage, routing, the after-intake
task with its suggestion, all for real); CSBA's tickets are offered to the
queueing engine (``csba.simulation.engine``), whose agents work them through
the console's services when they finish (``run.console``); sellers answer
cases or let them run out, the periodic jobs run at their beats
(``run.jobs``), buyers contact again, rate and claim (``world.buyers``).
Must run under ``csba.settings.simulation`` (its own database).
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction

from csba import clock
from csba.simulation.engine import ABANDONED, COMPLETED, Contact, Engine, PoolConfig
from inquiries.intake.services import contacts_receive_batch
from inquiries.models import Ticket
from inquiries.reasons import Route

from ..world.agents import AgentModel, TicketState
from ..world.buyers import BuyerModel, Experience
from ..world.contacts import ContactDraws, ContactPlan
from ..world.orders import NAMES, OrderBatch, OrderBook
from .console import work_apply
from .jobs import Jobs, month_beats
from .memory import memory_sample
from .reactions import Reactions
from .setup import World, streams_for, world_build

HOUR = timedelta(hours=1)
LIVE = ("phone", "chat")


class Offer:
    """A piece of work offered to the agent pool (a ticket's first contact or a follow-up)."""

    __slots__ = ("ticket", "kind", "channel", "uses_suggestion")

    def __init__(self, ticket: int, kind: str, channel: str):
        self.ticket, self.kind, self.channel, self.uses_suggestion = ticket, kind, channel, False


class Replication(Reactions):
    def __init__(
        self,
        scenario: dict,
        seed_state: dict,
        *,
        progress: Callable[[dict], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ):
        self.scenario = scenario
        simulation = scenario["simulation"]
        self.start = datetime.fromisoformat(simulation["start"]).replace(tzinfo=UTC)
        self.end = self.start + timedelta(days=simulation["days"])
        self.tick = timedelta(minutes=simulation["tick_minutes"])
        self.streams, self.text_rng, self.engine_seed = streams_for(seed_state)
        self.progress, self.should_stop = progress, should_stop or (lambda: False)
        self.timeline: list = []
        self.sequence = itertools.count()
        self.arrivals: dict[int, list[ContactPlan]] = defaultdict(list)
        self.carrier: dict[int, list[tuple[str, OrderBatch, np.ndarray]]] = defaultdict(list)
        self.ratings: dict[int, list[tuple[int, int, datetime]]] = defaultdict(list)
        self.tickets: dict[int, TicketState] = {}
        self.offers: dict[int, Offer] = {}
        self.offer_ids = itertools.count(1)
        self.holder: dict[int, int] = {}
        self.experiences: dict[int, Experience] = {}
        self.counts: Counter = Counter()
        self.series: dict[str, Counter] = defaultdict(Counter)  # per day
        self.reply_hours: dict[str, list[float]] = defaultdict(list)
        self.reason_pairs: Counter = Counter()
        self.backlog: list[tuple[float, int]] = []
        self.contact_number = 0
        self.partial = False
        self.reached = self.start
        self.wall = {}
        self.cpu: Counter = Counter()  # CPU seconds per phase (run.json)
        self.memory: list[dict] = []  # per simulated day: the process's resident memory and the database's size

    # -- timeline --------------------------------------------------------------------------------------------

    def schedule(self, at: datetime, kind: str, payload) -> None:
        heapq.heappush(self.timeline, (at, next(self.sequence), kind, payload))

    def step_of(self, at: datetime) -> int:
        return int((at - self.start).total_seconds() // self.tick.total_seconds())

    def seconds(self, at: datetime) -> float:
        return (at - self.start).total_seconds()

    def moment(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=round(seconds))

    def arrive(self, plan: ContactPlan, *, not_before: int) -> None:
        self.arrivals[max(self.step_of(plan.at), not_before)].append(plan)

    # -- set-up ----------------------------------------------------------------------------------------------

    def build(self) -> None:
        began = time.process_time()
        clock.freeze(self.start)
        self.world: World = world_build(self.scenario, self.streams, start=self.start)
        self.book = OrderBook(
            self.scenario,
            self.world.sellers,
            self.world.products,
            start=self.start,
            marketplaces=self.world.marketplaces,
            rng=self.streams["orders"],
        )
        self.draws = ContactDraws(
            self.scenario,
            self.world.sellers,
            self.world.products,
            rng=self.streams["contacts"],
            text_rng=self.text_rng,
            end=self.end,
            languages=self.world.languages,
        )
        self.agent_model = AgentModel(self.scenario, self.streams["agents"], return_days=self.world.return_days)
        self.buyer_model = BuyerModel(self.scenario, self.streams["buyers"])
        self.users = User.objects.in_bulk(list(self.world.agent_users.values()))
        buyers = self.scenario["buyers"]
        self.engine = Engine(
            agents=self.world.agents,
            config=PoolConfig(
                patience_seconds=dict(buyers["patience_seconds"]),
                commitment_seconds={"email": 172800.0, "web_form": 172800.0},
                interval_seconds=self.scenario["simulation"]["interval_minutes"] * 60.0,
                handle_time=self._handle_time,
                live_reserve=1,
            ),
            seed=self.engine_seed,
            start=0.0,
        )
        self.jobs = Jobs(self.schedule)
        for beat in month_beats(
            [m["time_zone"] for m in self.world.marketplaces.values()], start=self.start, end=self.end
        ):
            self.jobs.at("month", beat)
        self.opt_changes_schedule()
        self.wall["setup_cpu_seconds"] = time.process_time() - began

    # -- the loop --------------------------------------------------------------------------------------------

    def run(self) -> None:
        self.build()
        began = time.process_time()
        hour, now, last_report = self.start, self.start, 0.0
        while now < self.end:
            if self.should_stop():
                self.partial = True
                break
            step = self.step_of(now)
            mark = time.process_time()
            with transaction.atomic():  # the marketplace's and carriers' records of the step, in one write
                if now >= hour:
                    self.orders_placed(self.book.place_hour(hour), step)
                    hour += HOUR
                self.carrier_step(step)
            step_end = min(now + self.tick, self.end)
            mark = self.spent("orders", mark)
            self.intake_step(step, now)
            mark = self.spent("intake", mark)
            self.events_until(step_end)
            if now.minute == 0 and now.second == 0:
                self.backlog.append((self.seconds(now), sum(self.engine.waiting().values())))
                if now.hour == 0:
                    self.memory.append(memory_sample(now))
            now = self.reached = step_end
            if self.progress and time.monotonic() - last_report > 0.5:
                last_report = time.monotonic()
                self.progress(self.status())
        self.wall["loop_cpu_seconds"] = time.process_time() - began
        if not self.partial and self.scenario["simulation"]["close_last_month"]:
            self.close_last_month()

    def spent(self, phase: str, since: float) -> float:
        """Add the CPU time since ``since`` to ``phase``; returns now's CPU time."""
        now = time.process_time()
        self.cpu[phase] += now - since
        return now

    def status(self) -> dict:
        total = (self.end - self.start).total_seconds()
        return {
            "at": self.reached.isoformat(),
            "fraction": min(1.0, (self.reached - self.start).total_seconds() / total),
            "contacts": self.counts["contacts"],
            "events": self.counts["events"],
        }

    def events_until(self, step_end: datetime) -> None:
        """Timeline events and the pool's events in time order, up to ``step_end``."""
        timeline = self.timeline
        while timeline and timeline[0][0] < step_end:
            at = timeline[0][0]
            events = self.engine.advance(max(self.engine.now, self.seconds(at)))
            if events:
                self.pool_events(events)
                continue
            _, _, kind, payload = heapq.heappop(timeline)
            self.counts["events"] += 1
            clock.freeze(at)
            mark = time.process_time()
            self.timeline_event(at, kind, payload)
            self.spent(f"timeline:{kind}", mark)
        self.pool_events(self.engine.advance(self.seconds(step_end)))

    # -- orders and parcels ----------------------------------------------------------------------------------

    def orders_placed(self, batches: list[OrderBatch], step: int) -> None:
        tick = self.tick.total_seconds()
        for batch in batches:
            self.counts["orders"] += len(batch)
            self.counts["units"] += int(batch.units.sum())
            plans = self.draws.for_batch(batch)
            followed = {plan.order.id for plan in plans if plan.order is not None}
            for plan in plans:
                self.arrive(plan, not_before=step)
            lost = np.isnan(batch.delivered)
            troubled = lost | batch.late
            for k in np.flatnonzero(troubled).tolist():
                followed.add(int(batch.id[k]))
            for order_id in sorted(followed):
                order = batch.facts(int(order_id - batch.id[0]))
                self.experiences[order.id] = Experience(
                    last=order.estimate, is_late=order.is_late, is_lost=order.delivered is None
                )
                self.settle_later(order)
            self.quiet_orders(batch, ~troubled & ~np.isin(batch.id, list(followed)), step)
            for kind, times in (("ship", batch.shipped), ("deliver", batch.delivered)):
                valid = ~np.isnan(times)
                steps = np.floor(times[valid] / tick).astype(int)
                indices = np.flatnonzero(valid)
                for each in np.unique(steps).tolist():
                    self.carrier[each].append((kind, batch, indices[steps == each]))

    def quiet_orders(self, batch: OrderBatch, quiet: np.ndarray, step: int) -> None:
        """Orders nobody contacts about and nothing goes wrong with: rated (and rarely claimed) at the plain rates."""
        which = np.flatnonzero(quiet)
        stars, claims = self.buyer_model.quiet_orders(len(which), batch.late[which])
        when = batch.delivered[which] + 86400.0 * (1 + 5 * self.streams["buyers"].random(len(which)))
        horizon = (self.end - self.start).total_seconds()
        tick = self.tick.total_seconds()
        for k, rating, claim, at in zip(which.tolist(), stars.tolist(), claims.tolist(), when.tolist()):
            if at >= horizon or not (rating or claim):
                continue
            moment = self.moment(at)
            if rating:
                self.ratings[int(at // tick)].append((int(batch.id[k]), int(rating), moment))
            if claim:
                self.claim(batch.facts(k), moment, step)

    def carrier_step(self, step: int) -> None:
        events = self.carrier.pop(step, [])
        self.book.ship([(batch, which) for kind, batch, which in events if kind == "ship"])
        self.book.deliver(
            [(batch, which) for kind, batch, which in events if kind == "deliver"],
            self.scenario["shipping"]["signed_for"],
        )
        self.book.feedback(self.ratings.pop(step, []))

    # -- intake ----------------------------------------------------------------------------------------------

    def intake_step(self, step: int, now: datetime) -> None:
        plans = sorted(self.arrivals.pop(step, []), key=lambda plan: plan.at)
        for first in range(0, len(plans), 1000):
            chunk = plans[first : first + 1000]
            contacts = [self.contact_for(plan) for plan in chunk]
            clock.freeze(now)
            items = contacts_receive_batch(contacts=contacts, now=now)
            opened = [self.opened(plan, item) for plan, item in zip(chunk, items)]
            fresh = [state for state in opened if state is not None]
            if fresh:
                suggestions = dict(Ticket.objects.filter(pk__in=[s.pk for s in fresh]).values_list("pk", "suggestion"))
                for state in fresh:
                    state.suggestion = suggestions.get(state.pk)
                    self.offer(state, "first", state.plan.channel, state.plan.at)

    def contact_for(self, plan: ContactPlan):
        self.contact_number += 1
        market = self.world.sellers[plan.seller].marketplace
        language = self.world.marketplaces[market]["language"]
        names = NAMES.get(language, NAMES["en"])
        return self.draws.contact(
            plan,
            key=f"sim-{self.contact_number}",
            buyer_email=self.book.buyer_email(market, plan.buyer),
            buyer_name=names[plan.buyer % len(names)],
        )

    def opened(self, plan: ContactPlan, item) -> TicketState | None:
        if item.error is not None or not item.result.created:
            self.counts[f"intake_refused:{item.error.code if item.error else 'duplicate'}"] += 1
            return None
        ticket = item.result.ticket
        self.counts["contacts"] += 1
        self.series["contacts"][plan.at.date().isoformat()] += 1
        if not plan.claim:
            self.reason_pairs[(plan.reason, ticket.reason)] += 1
        coverage = (ticket.classification or {}).get("coverage") or {}
        covered = any(entry.get("covered") for entry in coverage.values()) if coverage else None
        state = TicketState(ticket.pk, plan, ticket.reason, ticket.route, covered, plan.at)
        experience = self.experience_of(plan.order)
        if experience is not None:
            experience.contacts += 1
            experience.is_claimed = experience.is_claimed or plan.claim
        if ticket.route == Route.CSBA and ticket.status == "open":
            self.counts["csba_tickets"] += 1
            self.tickets[ticket.pk] = state
            self.schedule(plan.at + timedelta(hours=self.commitment_hours(plan)), "commitment", ticket.pk)
            return state
        self.counts[f"routed:{ticket.route}"] += 1
        if ticket.route == Route.SELLER_MESSAGING and plan.order is not None:
            self.seller_answers_buyer(state, experience)
        return None

    def offer(self, state: TicketState, kind: str, channel: str, at: datetime, *, priority: int = 0) -> None:
        number = next(self.offer_ids)
        self.offers[number] = Offer(state.pk, kind, channel)
        arrival = max(self.engine.now, self.seconds(at))
        self.engine.add(Contact(number, arrival, state.plan.language, channel, priority))

    # -- the pool --------------------------------------------------------------------------------------------

    def _handle_time(self, contact, agent_id) -> float:
        offer = self.offers[contact.id]
        state = self.tickets.get(offer.ticket)
        if state is None:
            return 60.0
        seconds, offer.uses_suggestion = self.agent_model.handle_seconds(state, contact.channel, offer.kind)
        return seconds

    def pool_events(self, events) -> None:
        for event in events:
            self.counts["events"] += 1
            if event.kind == COMPLETED:
                self.work_done(event)
            elif event.kind == ABANDONED:
                self.hung_up(event)

    def work_done(self, event) -> None:
        offer = self.offers.pop(event.contact_id, None)
        state = self.tickets.get(offer.ticket) if offer else None
        if state is None or state.is_closed:
            self.counts["stale_work"] += 1
            return
        now = self.moment(event.at)
        clock.freeze(now)
        if offer.kind == "first":
            work = self.agent_model.decide(state, now=now, uses_suggestion=offer.uses_suggestion)
        else:
            work = self.agent_model.follow_up(state, offer.kind)
        mark = time.process_time()
        applied = work_apply(
            state, work, agent=self.users[self.world.agent_users[event.agent_id]], now=now, holder=self.holder
        )
        mark = self.spent("console", mark)
        self.after_work(state, work, applied, now)
        self.spent("reactions", mark)

    def hung_up(self, event) -> None:
        offer = self.offers.get(event.contact_id)
        if offer is None:
            return
        state = self.tickets[offer.ticket]
        what, delay = self.buyer_model.retries()
        at = self.moment(event.at + delay)
        self.counts[f"hung_up:{what}"] += 1
        if what == "retry":
            arrival = max(self.engine.now, event.at + delay)
            self.engine.add(Contact(event.contact_id, arrival, state.plan.language, offer.channel))
        else:  # the ticket waits as written work (a message the buyer left, or the agents' callback)
            self.offers.pop(event.contact_id)
            if what == "write":
                self.schedule(at, "buyer_writes", state.pk)
            else:
                self.offer(state, "first", "email", at)
