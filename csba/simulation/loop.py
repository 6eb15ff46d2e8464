"""The event loop of ``csba.simulation.engine.Engine``, written as one
function over local variables: attribute look-ups and method calls would cost
more than the work of a step (the loop keeps several hundred thousand
contacts per CPU-second with skills, abandonment and rosters; see
bench/queue_bench.py). The engine's public API is in ``engine.py``."""

from __future__ import annotations

import math
from heapq import heapify, heappop, heappush

from csba.simulation import stats as st
from csba.simulation.model import ABANDONED, ANSWERED, COMPLETED, RETRIED, Contact, Event

INF = math.inf
# Kinds of internal events on the heap.
ARRIVE, DONE, ABANDON, ON, OFF, URGENT = range(6)
# A contact attempt in the pool is a list, for speed:
# [id, class, arrival, attempt, state, counter row, due, priority, handle or None, patience or None, Contact or None,
#  wake-up scheduled]
R_ID, R_CLASS, R_ARRIVAL, R_ATTEMPT, R_STATE, R_ROW, R_DUE, R_PRIORITY, R_HANDLE, R_PATIENCE, R_CONTACT, R_WAKE = range(
    12
)
WAITING, TAKEN, LEFT = range(3)
_OFFERED, _ANSWERED, _ON_TIME, _ABANDONED, _QUEUE, _WAITED, _RETRIALS, _HANDLE, _ANSWER = (
    st.OFFERED,
    st.ANSWERED,
    st.ON_TIME,
    st.ABANDONED,
    st.QUEUE_SECONDS,
    st.WAITED,
    st.RETRIALS,
    st.HANDLE_SECONDS,
    st.ANSWER_SECONDS,
)


def run_until(engine, until: float) -> None:  # noqa: C901 - one loop on purpose, see the module docstring
    e = engine
    heap, seq, draws = e._heap, e._seq, e._draws
    exponential, uniform = draws.exponential, draws.uniform
    events = e._events
    emit = events.append if events is not None else None
    config = e.config
    target, width = config.target_seconds, config.interval_seconds
    handle_time = config.handle_time
    retry_p, retry_mean = config.retrial.probability, config.retrial.mean_delay_seconds
    classes, deferred, queues, waiting, stale = e._classes, e._deferred, e._queues, e._waiting, e._stale
    class_groups, patience, mean_handle = e._class_groups, e._patience, e._handle
    idle, agent_ids, a_group, a_live, a_deferred = e._idle, e._agent_ids, e._a_group, e._a_live, e._a_deferred
    idle_count, reserve, urgent = e._idle_count, config.live_reserve, config.urgent_seconds
    a_on, a_leaving, a_idle_since, a_current, a_started, a_on_since = (
        e._a_on,
        e._a_leaving,
        e._a_idle_since,
        e._a_current,
        e._a_started,
        e._a_on_since,
    )
    a_team, staffed, busy_seconds = e._a_team, e._staffed, e._busy
    rows = e._rows
    row_index, row_map = None, None

    def longest_idle(k: int) -> int | None:
        """The skill group whose idle line starts with the agent idle longest,
        among those with class ``k``'s skill (idle lines hold only agents
        idle now, in the order they became idle)."""
        chosen, since = None, INF
        for g in class_groups[k]:
            line = idle[g]
            if line and line[0][0] < since:
                since, chosen = line[0][0], g
        return chosen

    def wake(k: int) -> None:
        """Schedule a wake-up for when the first deferred contact of class
        ``k`` becomes urgent (idle agents held back by the reserve take it
        then); one per contact, and only while the reserve holds work back."""
        queue = queues[k]
        while queue and queue[0][3][R_STATE] != WAITING:
            heappop(queue)
        if queue and not queue[0][3][R_WAKE]:
            head = queue[0][3]
            head[R_WAKE] = True
            heappush(heap, (max(t, head[R_DUE] - urgent), next(seq), URGENT, head))

    source = e._source
    source_next = e._next
    next_arrival = source_next[R_ARRIVAL] if source_next is not None else INF
    busy_agents = e.busy_agents
    pending = e._pending
    while True:
        top = heap[0][0] if heap else INF
        if next_arrival <= top:
            t = next_arrival
            if t > until:
                break
            rec = source_next
            source_next = next(source, None)
            next_arrival = source_next[R_ARRIVAL] if source_next is not None else INF
            kind = ARRIVE
        else:
            if top > until:
                break
            t, _, kind, rec = heappop(heap)
            if kind == ARRIVE:
                pending -= 1
        if kind == ARRIVE:
            k = rec[R_CLASS]
            index = int(t // width)
            if index != row_index:
                row_index = index
                row_map = rows.get(index)
                if row_map is None:
                    row_map = rows[index] = {}
            row = row_map.get(k)
            if row is None:
                row = row_map[k] = st.new_row()
            rec[R_ROW] = row
            row[_OFFERED] += 1
            if rec[R_ATTEMPT] > 1:
                row[_RETRIALS] += 1
                if emit is not None:
                    language, channel = classes[k]
                    emit(Event(t, RETRIED, rec[R_ID], None, 0.0, rec[R_ATTEMPT], language, channel))
            groups = class_groups[k]
            if len(groups) == 1:  # the usual case, without a call
                chosen = groups[0] if idle[groups[0]] else None
            else:
                chosen = longest_idle(k)
            blocked = False
            if (
                chosen is not None
                and deferred[k]
                and reserve
                and idle_count[chosen] <= reserve
                and rec[R_DUE] - t > urgent
            ):
                chosen, blocked = None, True  # keep the reserve idle for live contacts: the email waits
            if chosen is not None:
                busy_agents += 1
                idle_count[chosen] -= 1
                a = idle[chosen].popleft()[1]
                # falls through to the answer, below
            else:
                row[_WAITED] += 1
                waiting[k] += 1
                if deferred[k]:
                    heappush(queues[k], (-rec[R_PRIORITY], rec[R_DUE], next(seq), rec))
                    if blocked:
                        wake(k)
                    continue
                number = next(seq)
                heappush(queues[k], (-rec[R_PRIORITY], number, rec))
                limit = rec[R_PATIENCE]
                if limit is None:
                    limit = patience[k]
                    if limit != INF:
                        limit *= exponential()
                if limit != INF:
                    heappush(heap, (t + limit, number, ABANDON, rec))
                continue
        elif kind == DONE or kind == ON:
            a = rec
            if kind == DONE:
                done = a_current[a]
                a_current[a] = None
                begun = a_started[a]
                first, last = int(begun // width), int(t // width)
                series = busy_seconds[a_team[a]].seconds
                if first == last:
                    series[first] = series.get(first, 0.0) + (t - begun)
                elif first + 1 == last:
                    edge = last * width
                    series[first] = series.get(first, 0.0) + (edge - begun)
                    series[last] = series.get(last, 0.0) + (t - edge)
                else:
                    busy_seconds[a_team[a]].spread(begun, t)
                if emit is not None:
                    language, channel = classes[done[R_CLASS]]
                    emit(
                        Event(
                            t,
                            COMPLETED,
                            done[R_ID],
                            agent_ids[a],
                            begun - done[R_ARRIVAL],
                            done[R_ATTEMPT],
                            language,
                            channel,
                            t - begun,
                        )
                    )
                if a_leaving[a]:
                    a_leaving[a] = a_on[a] = False
                    staffed[a_team[a]].spread(a_on_since[a], t)
                    busy_agents -= 1
                    continue
            elif a_on[a]:  # ON, back from a break the agent worked through
                a_leaving[a] = False
                continue
            else:  # ON
                a_on[a] = True
                a_on_since[a] = t
                busy_agents += 1
            # the agent is free: the best waiting contact it has skills for, or its group's idle line
            best = None
            for k in a_live[a]:
                queue = queues[k]
                while queue and queue[0][2][R_STATE] != WAITING:
                    heappop(queue)
                    stale[k] -= 1
                if queue and (best is None or queue[0] < queues[best][0]):
                    best = k
            if best is None:
                for k in a_deferred[a]:
                    queue = queues[k]
                    while queue and queue[0][3][R_STATE] != WAITING:
                        heappop(queue)  # taken when it became urgent
                    if queue and (best is None or queue[0] < queues[best][0]):
                        best = k
                if (
                    best is not None
                    and reserve
                    and idle_count[a_group[a]] < reserve
                    and queues[best][0][1] - t > urgent
                ):
                    if not queues[best][0][3][R_WAKE]:
                        wake(best)
                    best = None  # fewer than the reserve idle: this agent stays free for live contacts
            if best is None:
                a_idle_since[a] = t
                idle[a_group[a]].append((t, a))
                idle_count[a_group[a]] += 1
                busy_agents -= 1
                continue
            waiting[best] -= 1
            rec = heappop(queues[best])[-1]
            # falls through to the answer, below
        elif kind == ABANDON:
            if rec[R_STATE] != WAITING:
                continue
            rec[R_STATE] = LEFT
            k = rec[R_CLASS]
            waiting[k] -= 1
            stale[k] += 1
            wait = t - rec[R_ARRIVAL]
            row = rec[R_ROW]
            row[_ABANDONED] += 1
            row[_QUEUE] += wait
            if emit is not None:
                language, channel = classes[k]
                emit(Event(t, ABANDONED, rec[R_ID], None, wait, rec[R_ATTEMPT], language, channel))
            if stale[k] > 1024 and stale[k] > waiting[k]:
                queue = queues[k]
                queue[:] = [entry for entry in queue if entry[2][R_STATE] == WAITING]
                heapify(queue)
                stale[k] = 0
            if retry_p and uniform() < retry_p:
                again = t + retry_mean * exponential()
                contact = rec[R_CONTACT]
                retry = [
                    rec[R_ID],
                    k,
                    again,
                    rec[R_ATTEMPT] + 1,
                    WAITING,
                    None,
                    rec[R_DUE],
                    rec[R_PRIORITY],
                    rec[R_HANDLE],
                    contact.patience_seconds if contact is not None else None,
                    contact,
                    False,
                ]
                heappush(heap, (again, next(seq), ARRIVE, retry))
                pending += 1
            continue
        elif kind == URGENT:
            k = rec[R_CLASS]
            rec[R_WAKE] = False
            if rec[R_STATE] != WAITING:
                wake(k)  # taken before it became urgent: the next one in line
                continue
            chosen = longest_idle(k)
            if chosen is None:
                continue  # every agent with the skill is busy: the next one free takes it (it is urgent now)
            waiting[k] -= 1
            rec[R_STATE] = TAKEN
            wake(k)  # the next one in line
            busy_agents += 1
            idle_count[chosen] -= 1
            a = idle[chosen].popleft()[1]
            # falls through to the answer, below
        else:  # OFF
            a = rec
            if a_current[a] is not None:
                a_leaving[a] = True
            elif a_on[a]:
                a_on[a] = False
                idle[a_group[a]].remove((a_idle_since[a], a))
                idle_count[a_group[a]] -= 1
                staffed[a_team[a]].spread(a_on_since[a], t)
            e._next_span(a, t)
            continue
        # agent ``a`` answers ``rec`` at ``t``
        rec[R_STATE] = TAKEN
        k = rec[R_CLASS]
        wait = t - rec[R_ARRIVAL]
        row = rec[R_ROW]
        row[_ANSWERED] += 1
        row[_QUEUE] += wait
        row[_ANSWER] += wait
        if (t <= rec[R_DUE]) if deferred[k] else (wait <= target):
            row[_ON_TIME] += 1
        handle = rec[R_HANDLE]
        if handle is None:
            if handle_time is not None:
                language, channel = classes[k]
                contact = rec[R_CONTACT] or Contact(rec[R_ID], rec[R_ARRIVAL], language, channel, rec[R_PRIORITY])
                handle = handle_time(contact, agent_ids[a])
            else:
                handle = mean_handle[k] * exponential()
        row[_HANDLE] += handle
        a_current[a] = rec
        a_started[a] = t
        heappush(heap, (t + handle, next(seq), DONE, a))
        if emit is not None:
            language, channel = classes[k]
            emit(Event(t, ANSWERED, rec[R_ID], agent_ids[a], wait, rec[R_ATTEMPT], language, channel, handle))
    e._next = source_next
    e.busy_agents = busy_agents
    e._pending = pending
