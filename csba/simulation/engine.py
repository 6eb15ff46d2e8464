"""The agent pool as a discrete-event queueing engine: skills-based routing,
priorities, abandonment and retrials, a deferred email backlog, rosters with
breaks, run incrementally under a virtual time.

Public API (stable; the scenario simulator builds on it)
--------------------------------------------------------

Times are seconds (floats) from an epoch of the caller's choosing; the engine
never reads a clock. Types come from ``csba.simulation.model`` and are
re-exported here::

    from csba.simulation.engine import Agent, Contact, Engine, Event, PoolConfig, Retrial, Shift

    engine = Engine(
        agents=[Agent(id="ana", languages=("en",), channels=("phone", "chat", "email"),
                      shifts=[Shift(0, 8 * 3600, breaks=((4 * 3600, 4 * 3600 + 1800),))])],
        config=PoolConfig(patience_seconds={"phone": 180, "chat": 240},
                          retrial=Retrial(probability=0.3, mean_delay_seconds=600)),
        seed=7, start=0.0)
    engine.add(Contact(id=41, arrival=12.5, language="en", channel="phone"))   # one by one ...
    engine.feed(contacts_in_arrival_order)                                      # ... or a lazy stream
    for event in engine.advance(until=3600.0):      # every event up to t, in time order
        if event.kind == ANSWERED:                  # event.agent_id took event.contact_id
            ...
    engine.add(...); engine.advance(until=7200.0)   # feed more, advance again
    engine.totals(); engine.intervals()             # statistics (csba.simulation.stats.Figures)

- ``Engine(agents=(), config=PoolConfig(), seed=0, start=0.0, record_events=True)``;
  ``add_agent(agent)`` adds one later (its shifts before ``now`` are skipped).
- ``add(contact)``: a contact arriving at ``contact.arrival >= now`` (earlier
  is an error: use ``add_backlog``). Contacts may be added in any order.
- ``feed(iterable)``: a stream of contacts in arrival order, read lazily as
  virtual time reaches them (memory stays flat for millions of contacts).
- ``add_backlog(contact)``: a contact already waiting at ``now`` (a starting
  backlog); its wait and due time count from its own ``arrival``.
- ``advance(until)``: process everything up to ``until`` and return the
  events (``Event``: ``at``, ``kind`` in ANSWERED / COMPLETED / ABANDONED /
  RETRIED, ``contact_id``, ``agent_id``, ``waited``, ``attempt``,
  ``language``, ``channel``, ``handle_seconds``) in time order, ties in the
  order they happened. ``now`` becomes ``until``.
- ``drain(limit=inf)``: advance until no contact waits, is in service or is
  still to arrive (or ``limit``); returns the events.
- ``waiting()``: contacts waiting per (language, channel); ``busy_agents``,
  ``agents_on_duty``, ``now``.
- ``feed_profile(profile, seed)``: Poisson arrivals of an arrival profile
  (``csba.simulation.arrivals``), drawn per interval in NumPy (batch studies).
- ``figures(by=(), since=, until=, channels=)``, ``totals(...)``,
  ``intervals(by=("language", "channel"), ...)``: ``Figures`` grouped by any
  of interval, language and channel, counted in the interval a contact
  (attempt) arrived; occupancy from agents' time on duty.

Routing: a contact goes to the agent who has been idle longest among those
with its (language, channel) skill; otherwise it waits in its class's queue.
A freed agent takes, among the live queues it has skills for, the highest
priority and then the longest waiting; only when none waits does it take the
deferred contact (email and other written channels) of highest priority and
then earliest due time (with ``PoolConfig.live_reserve`` = r > 0, only while
r other agents of its skill group stay idle, or once the contact is due
within ``urgent_seconds``). Live contacts abandon after their patience; a
share of those call again (``RETRIED``, the same contact id). An agent whose
break or shift end comes while busy finishes the contact first.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Hashable, Iterable, Iterator

from csba.simulation import stats as st
from csba.simulation.loop import ARRIVE, OFF, ON, R_ARRIVAL, WAITING, run_until
from csba.simulation.model import (
    ABANDONED,
    ANSWERED,
    COMPLETED,
    RETRIED,
    Agent,
    Contact,
    Event,
    PoolConfig,
    Retrial,
    Shift,
)
from csba.simulation.streams import Draws

__all__ = [
    "ABANDONED",
    "ANSWERED",
    "COMPLETED",
    "RETRIED",
    "Agent",
    "Contact",
    "Engine",
    "Event",
    "PoolConfig",
    "Retrial",
    "Shift",
]

INF = math.inf


def _spans(shifts: Iterable[Shift] | None) -> Iterator[tuple[float, float]]:
    if shifts is None:
        yield (-INF, INF)
        return
    for shift in shifts:
        yield from shift.on_duty()


class Engine:
    def __init__(
        self,
        *,
        agents: Iterable[Agent] = (),
        config: PoolConfig | None = None,
        seed=0,
        start: float = 0.0,
        record_events: bool = True,
    ):
        self.config = config or PoolConfig()
        self.now = float(start)
        self._draws = Draws(seed)
        self._heap: list[tuple] = []
        self._seq = itertools.count()
        self._events: list[Event] | None = [] if record_events else None
        self._source: Iterator[Contact] | None = None
        self._next: Contact | None = None
        # contact classes (language, channel)
        self._class_of: dict[tuple[str, str], int] = {}
        self._classes: list[tuple[str, str]] = []
        self._deferred: list[bool] = []
        self._queues: list[list] = []
        self._waiting: list[int] = []
        self._stale: list[int] = []
        self._class_groups: list[list[int]] = []
        self._patience: list[float] = []
        self._handle: list[float] = []
        self._commitment: list[float] = []
        # skill groups (agents with the same skills share an idle line)
        self._group_of: dict[frozenset, int] = {}
        self._group_skills: list[frozenset] = []
        self._idle: list[deque] = []
        self._idle_count: list[int] = []
        # agents, by index
        self._agents: list[Agent] = []
        self._agent_ids: list[Hashable] = []
        self._a_group: list[int] = []
        self._a_live: list[list[int]] = []
        self._a_deferred: list[list[int]] = []
        self._a_team: list[str] = []
        self._a_on: list[bool] = []
        self._a_leaving: list[bool] = []
        self._a_idle_since: list[float] = []
        self._a_current: list[list | None] = []
        self._a_started: list[float] = []
        self._a_on_since: list[float] = []
        self._a_spans: list[Iterator[tuple[float, float]]] = []
        self.busy_agents = 0
        self._pending = 0  # arrivals (and retrials) on the heap
        # statistics
        self._rows: dict[int, dict[int, list]] = {}
        self._staffed: dict[str, st.IntervalSeries] = {}
        self._busy: dict[str, st.IntervalSeries] = {}
        for agent in agents:
            self.add_agent(agent)

    # -- set-up ---------------------------------------------------------------------------------------------

    def _class(self, language: str, channel: str) -> int:
        key = (language, channel)
        index = self._class_of.get(key)
        if index is not None:
            return index
        config, index = self.config, len(self._classes)
        self._class_of[key] = index
        self._classes.append(key)
        self._deferred.append(config.is_deferred(channel))
        self._queues.append([])
        self._waiting.append(0)
        self._stale.append(0)
        self._class_groups.append([g for g, skills in enumerate(self._group_skills) if key in skills])
        self._patience.append(INF if config.is_deferred(channel) else config.patience_seconds.get(channel, INF))
        self._handle.append(config.handle_seconds.get(channel, 0.0))
        self._commitment.append(config.commitment_seconds.get(channel, INF))
        for agent_index, agent in enumerate(self._agents):
            if key in agent.skills:
                (self._a_deferred if self._deferred[index] else self._a_live)[agent_index].append(index)
        return index

    def add_agent(self, agent: Agent) -> None:
        skills = agent.skills
        if not skills:
            raise ValueError(f"agent {agent.id!r} has no skills (languages × channels)")
        group = self._group_of.get(skills)
        if group is None:
            group = self._group_of[skills] = len(self._group_skills)
            self._group_skills.append(skills)
            self._idle.append(deque())
            self._idle_count.append(0)
            for index, key in enumerate(self._classes):
                if key in skills:
                    self._class_groups[index].append(group)
        a = len(self._agents)
        self._agents.append(agent)
        self._agent_ids.append(agent.id)
        self._a_group.append(group)
        self._a_live.append([k for k, key in enumerate(self._classes) if key in skills and not self._deferred[k]])
        self._a_deferred.append([k for k, key in enumerate(self._classes) if key in skills and self._deferred[k]])
        team = "+".join(sorted(set(agent.languages)))
        self._a_team.append(team)
        width = self.config.interval_seconds
        self._staffed.setdefault(team, st.IntervalSeries(width))
        self._busy.setdefault(team, st.IntervalSeries(width))
        self._a_on.append(False)
        self._a_leaving.append(False)
        self._a_idle_since.append(0.0)
        self._a_current.append(None)
        self._a_started.append(0.0)
        self._a_on_since.append(0.0)
        self._a_spans.append(_spans(agent.shifts))
        self._next_span(a, self.now)

    def _next_span(self, a: int, now: float) -> None:
        for begin, end in self._a_spans[a]:
            if end > now:
                heapq.heappush(self._heap, (max(begin, now), next(self._seq), ON, a))
                if end < INF:
                    heapq.heappush(self._heap, (end, next(self._seq), OFF, a))
                return

    # -- contacts in ------------------------------------------------------------------------------------------

    def _record(self, contact: Contact) -> list:
        k = self._class(contact.language, contact.channel)
        due = contact.due if contact.due is not None else contact.arrival + self._commitment[k]
        return [
            contact.id,
            k,
            contact.arrival,
            1,
            WAITING,
            None,
            due,
            contact.priority,
            contact.handle_seconds,
            contact.patience_seconds,
            contact,
            False,
        ]

    def add(self, contact: Contact) -> None:
        if contact.arrival < self.now:
            raise ValueError(
                f"contact {contact.id!r} arrives at {contact.arrival}, before now ({self.now}); "
                "a contact already waiting is added with add_backlog"
            )
        heapq.heappush(self._heap, (contact.arrival, next(self._seq), ARRIVE, self._record(contact)))
        self._pending += 1

    def add_backlog(self, contact: Contact) -> None:
        record = self._record(contact)
        record[R_ARRIVAL] = min(contact.arrival, self.now)
        heapq.heappush(self._heap, (self.now, next(self._seq), ARRIVE, record))
        self._pending += 1

    def feed(self, contacts: Iterable[Contact]) -> None:
        self._feed_records(self._record(contact) for contact in contacts)

    def feed_profile(self, profile, seed, *, first_id: int = 0) -> None:
        """Poisson arrivals of an arrival profile (``csba.simulation.arrivals``)
        as a stream, with handle times and patience drawn per interval in
        NumPy (the fast path of batch studies; ids count from ``first_id``)."""
        from csba.simulation.arrivals import arrival_records

        self._feed_records(itertools.chain.from_iterable(arrival_records(self, profile, seed, first_id=first_id)))

    def _feed_records(self, records: Iterator[list]) -> None:
        if self._source is not None and self._next is not None:
            raise ValueError("a stream is already being fed; chain the two (itertools.chain) or merge them in order")
        self._source = iter(records)
        self._next = next(self._source, None)
        if self._next is not None and self._next[R_ARRIVAL] < self.now:
            raise ValueError(f"the stream starts at {self._next[R_ARRIVAL]}, before now ({self.now})")

    def class_parameters(self, language: str, channel: str) -> tuple[int, float, float, float]:
        """(class index, mean handle, mean patience, commitment) of a class
        of contacts; for generators of records."""
        k = self._class(language, channel)
        return k, self._handle[k], self._patience[k], self._commitment[k]

    # -- running ---------------------------------------------------------------------------------------------

    def advance(self, until: float) -> list[Event]:
        if until < self.now:
            raise ValueError(f"cannot go back in time (now {self.now}, asked {until})")
        run_until(self, until)
        self.now = float(until)
        return self._take_events()

    def drain(self, limit: float = INF, step: float = 3600.0) -> list[Event]:
        """Advance (by ``step``) until no contact waits, is in service or is
        still to arrive, or until ``limit``; returns the events."""
        events: list[Event] = []
        while self.now < limit and (self._next is not None or self._pending or self.busy_agents or any(self._waiting)):
            if not self._heap and self._next is None:
                break  # contacts wait for skills no agent will ever bring
            events.extend(self.advance(min(limit, self.now + step)))
        return events

    def _take_events(self) -> list[Event]:
        if self._events is None:
            return []
        events, self._events = self._events, []
        return events

    # -- state and figures ------------------------------------------------------------------------------------

    def waiting(self) -> dict[tuple[str, str], int]:
        return {key: self._waiting[k] for k, key in enumerate(self._classes) if self._waiting[k]}

    @property
    def agents_on_duty(self) -> int:
        return sum(self._a_on)

    def _series(self) -> tuple[dict[str, st.IntervalSeries], dict[str, st.IntervalSeries]]:
        """Time on duty and handling per team, with the spans still open at ``now``."""
        staffed = {team: series.copy() for team, series in self._staffed.items()}
        busy = {team: series.copy() for team, series in self._busy.items()}
        for a, team in enumerate(self._a_team):
            if self._a_on[a]:
                staffed[team].spread(self._a_on_since[a], self.now)
            if self._a_current[a] is not None:
                busy[team].spread(self._a_started[a], self.now)
        return staffed, busy

    def _grouped(
        self, by: tuple[str, ...], since: float | None, until: float | None, channels: Iterable[str] | None
    ) -> dict[tuple, list[list]]:
        width = self.config.interval_seconds
        first = -math.inf if since is None else math.floor(since / width)
        last = math.inf if until is None else math.ceil(until / width)
        wanted = None if channels is None else set(channels)
        grouped: dict[tuple, list[list]] = {}
        for index, by_class in self._rows.items():
            if not first <= index < last:
                continue
            for k, row in by_class.items():
                language, channel = self._classes[k]
                if wanted is None or channel in wanted:
                    names = {"interval": index * width, "language": language, "channel": channel}
                    grouped.setdefault(tuple(names[name] for name in by), []).append(row)
        return grouped

    def figures(
        self,
        by: tuple[str, ...] = (),
        *,
        since: float | None = None,
        until: float | None = None,
        channels: Iterable[str] | None = None,
    ) -> dict[tuple, st.Figures]:
        """Figures of the contacts (attempts) that arrived from ``since`` to
        ``until`` (widened to whole intervals), of some ``channels`` or all,
        grouped by any of "interval" (its start), "language" and "channel".
        Occupancy is over the same intervals, of the agents whose only
        language is the key's (of every agent when the key has none)."""
        width = self.config.interval_seconds
        first = None if since is None else math.floor(since / width)
        last = None if until is None else math.ceil(until / width)
        staffed, busy = self._series()
        result = {}
        for key, rows in sorted(self._grouped(tuple(by), since, until, channels).items()):
            low, high = first, last
            if "interval" in by:
                low = math.floor(key[by.index("interval")] / width)
                high = low + 1
            teams = [key[by.index("language")]] if "language" in by else list(staffed)
            result[key] = st.figures_of(
                rows,
                staffed_seconds=sum(staffed[t].total(low, high) for t in teams if t in staffed),
                busy_seconds=sum(busy[t].total(low, high) for t in teams if t in busy),
            )
        return result

    def totals(
        self, since: float | None = None, until: float | None = None, channels: Iterable[str] | None = None
    ) -> st.Figures:
        """``figures()`` of every contact in the span, as one."""
        return self.figures((), since=since, until=until, channels=channels).get(()) or st.figures_of(
            [], staffed_seconds=0.0, busy_seconds=0.0
        )

    def intervals(self, by: tuple[str, ...] = ("language", "channel"), **span) -> dict[tuple, st.Figures]:
        """``figures()`` per (interval start, *by)."""
        return self.figures(("interval",) + tuple(by), **span)
