"""The queueing engine: routing, priorities, the email backlog, abandonment
and retrials, rosters, backlog, incremental runs."""

import itertools

import numpy as np
import pytest

from csba.simulation.engine import (
    ABANDONED,
    ANSWERED,
    COMPLETED,
    RETRIED,
    Agent,
    Contact,
    Engine,
    PoolConfig,
    Retrial,
    Shift,
)
from csba.simulation.erlang import erlang_a
from csba.simulation.mmc import place


def pool(*agents, **config):
    return Engine(agents=agents, config=PoolConfig(**config), seed=1)


def answered(events):
    return [(e.contact_id, e.agent_id, e.at) for e in events if e.kind == ANSWERED]


def test_the_engine_gives_the_same_waits_as_the_fcfs_queue_on_the_same_draws():
    # given one class of contacts, ten identical agents and given draws
    rng = np.random.default_rng(5)
    n, agents = 20_000, 10
    arrivals = np.cumsum(rng.exponential(36.0, n)).tolist()
    services = rng.exponential(300.0, n).tolist()
    patience = rng.exponential(200.0, n).tolist()
    sums = [0.0] * 5
    place([0.0] * agents, arrivals, services, patience, 20.0, sums)
    engine = pool(*[Agent(id=i, languages=("en",), channels=("phone",)) for i in range(agents)], target_seconds=20.0)
    # when the engine runs the same contacts
    engine.feed(Contact(i, a, "en", "phone", 0, s, p) for i, (a, s, p) in enumerate(zip(arrivals, services, patience)))
    engine.drain()
    totals = engine.totals()
    # then every count and the time in queue agree exactly
    queue_seconds, within, waited, abandoned, _ = sums
    assert totals.offered == n
    assert totals.abandoned == abandoned
    assert totals.p_wait * n == pytest.approx(waited)
    assert totals.service_level * n == pytest.approx(within)
    assert totals.asa_seconds * n == pytest.approx(queue_seconds, rel=1e-9)


def test_the_engine_agrees_with_erlang_a_when_it_draws_its_own_times():
    # given 8 agents at 90% load with a mean patience of 120 s
    rate = 0.9 * 8 * 3600 / 300
    engine = Engine(
        agents=[Agent(id=i, languages=("en",), channels=("chat",)) for i in range(8)],
        config=PoolConfig(
            handle_seconds={"chat": 300.0},
            patience_seconds={"chat": 120.0},
            target_seconds=30.0,
            interval_seconds=3600.0,
        ),
        seed=11,
        record_events=False,
    )
    rng = np.random.default_rng(3)
    times = itertools.accumulate(rng.exponential(3600 / rate, 150_000).tolist())
    engine.feed(Contact(i, t, "en", "chat") for i, t in enumerate(times))
    # when it runs (the first ten hours are the warm-up)
    engine.drain()
    got = engine.totals(since=36_000)
    exact = erlang_a(arrivals_per_hour=rate, aht_seconds=300, agents=8, target_seconds=30, patience_seconds=120)
    # then it is close to the closed form (the grid test checks the intervals; this checks the engine's draws)
    assert got.p_abandon == pytest.approx(exact.p_abandon, abs=0.01)
    assert got.p_wait == pytest.approx(exact.p_wait, abs=0.015)
    assert got.service_level == pytest.approx(exact.service_level, abs=0.015)
    assert got.occupancy == pytest.approx(exact.occupancy, abs=0.01)


def test_a_contact_goes_to_the_longest_idle_agent_with_its_skills():
    # given three agents freed at different times, one without German
    engine = pool(
        Agent("en-only", ("en",), ("phone",)),
        Agent("de-1", ("de", "en"), ("phone",)),
        Agent("de-2", ("de",), ("phone",)),
    )
    for index, handle in enumerate((30.0, 10.0, 20.0)):
        engine.add(Contact(f"warm-{index}", 0.0, ("en", "de", "de")[index], "phone", handle_seconds=handle))
    engine.advance(50)
    # when an English call comes: de-1 (idle since 10) has waited longer than en-only (since 30)
    engine.add(Contact("english", 60.0, "en", "phone", handle_seconds=5))
    # and a German one while de-1 is busy
    engine.add(Contact("german", 61.0, "de", "phone", handle_seconds=5))
    events = engine.advance(100)
    # then the longest idle agent with the skill takes each, across skill groups
    assert answered(events) == [("english", "de-1", 60.0), ("german", "de-2", 61.0)]


def test_priority_first_then_first_come_first_served_across_the_agents_queues():
    # given one busy agent with skills for English phone and chat
    engine = pool(Agent("ana", ("en",), ("phone", "chat")))
    engine.add(Contact("busy", 0.0, "en", "phone", handle_seconds=100))
    engine.add(Contact("chat-old", 1.0, "en", "chat", handle_seconds=10))
    engine.add(Contact("phone-new", 2.0, "en", "phone", handle_seconds=10))
    engine.add(Contact("vip", 3.0, "en", "phone", priority=5, handle_seconds=10))
    # when she is free again
    events = engine.drain()
    # then the higher priority first, then the older contact whatever its channel
    assert [c for c, _, _ in answered(events)] == ["busy", "vip", "chat-old", "phone-new"]


def test_email_waits_until_no_live_contact_does_and_goes_by_due_time():
    # given one agent busy, two emails (the later one due earlier) and a call
    engine = pool(Agent("ana", ("en",), ("phone", "email")))
    engine.add(Contact("call-1", 0.0, "en", "phone", handle_seconds=60))
    engine.add(Contact("mail-late-due", 1.0, "en", "email", handle_seconds=60))
    engine.add(Contact("mail-early-due", 2.0, "en", "email", handle_seconds=60, due=3600.0))
    engine.add(Contact("call-2", 30.0, "en", "phone", handle_seconds=60))
    # when everything is worked
    events = engine.drain()
    # then the call that came after both emails is answered first, then the email due first
    assert [c for c, _, _ in answered(events)] == ["call-1", "call-2", "mail-early-due", "mail-late-due"]
    # and an email never abandons, and the two-day commitment holds
    totals = engine.totals()
    assert totals.abandoned == 0 and totals.service_level == 1.0


def test_an_impatient_buyer_abandons_and_some_call_again():
    # given one busy agent and every abandoning buyer calling back
    engine = Engine(
        agents=[Agent("ana", ("en",), ("phone",))],
        config=PoolConfig(retrial=Retrial(probability=1.0, mean_delay_seconds=50)),
        seed=4,
    )
    engine.add(Contact("busy", 0.0, "en", "phone", handle_seconds=100))
    engine.add(Contact("caller", 10.0, "en", "phone", handle_seconds=10, patience_seconds=20))
    # when time runs
    events = engine.drain()
    kinds = [(e.kind, e.contact_id, e.attempt) for e in events if e.contact_id == "caller"]
    # then the caller left at 30 s, called again (attempt 2) and was answered then
    assert kinds[0] == (ABANDONED, "caller", 1)
    assert events[[e.kind for e in events].index(ABANDONED)].at == pytest.approx(30.0)
    assert (RETRIED, "caller", 2) in kinds
    assert kinds[-1][0] == COMPLETED
    totals = engine.totals()
    assert (totals.offered, totals.abandoned, totals.retrials) == (3, 1, 1)


def test_without_retrials_an_abandoning_buyer_is_gone():
    engine = pool(Agent("ana", ("en",), ("phone",)))
    engine.add(Contact("busy", 0.0, "en", "phone", handle_seconds=100))
    engine.add(Contact("caller", 10.0, "en", "phone", handle_seconds=10, patience_seconds=20))
    events = engine.drain()
    assert [e.kind for e in events if e.contact_id == "caller"] == [ABANDONED]
    assert engine.waiting() == {}


def test_a_break_and_the_end_of_a_shift_wait_for_the_contact_in_hand():
    # given an agent on duty 0–1000 with a break 400–500
    engine = pool(Agent("ana", ("en",), ("phone",), shifts=[Shift(0, 1000, breaks=((400, 500),))]))
    engine.add(Contact("long", 350.0, "en", "phone", handle_seconds=80))  # runs into the break until 430
    engine.add(Contact("during-break", 440.0, "en", "phone", handle_seconds=10))
    engine.add(Contact("late", 990.0, "en", "phone", handle_seconds=60))  # runs past the shift's end
    engine.add(Contact("after-shift", 1100.0, "en", "phone", handle_seconds=10))
    events = engine.advance(5000)
    # then the break starts after the contact in hand, the caller during the break waits for its end,
    # the last contact of the shift is finished, and nobody answers after the shift
    assert answered(events) == [("long", "ana", 350.0), ("during-break", "ana", 500.0), ("late", "ana", 990.0)]
    assert engine.waiting() == {("en", "phone"): 1}
    # and time on duty counts the worked part of the break and the overrun: 0–430, 500–1050
    assert engine.totals().staffed_seconds == pytest.approx(430 + 550)


def test_a_starting_backlog_is_worked_first_with_waits_from_its_own_arrival():
    engine = Engine(agents=[Agent("ana", ("en",), ("email",))], start=1000.0, seed=1)
    engine.add_backlog(Contact("old-mail", 100.0, "en", "email", handle_seconds=50))
    events = engine.advance(2000)
    assert answered(events) == [("old-mail", "ana", 1000.0)]
    assert events[0].waited == pytest.approx(900.0)


def test_running_in_steps_gives_the_same_events_as_one_run():
    def build():
        engine = Engine(
            agents=[
                Agent(
                    i,
                    ("en", "de")[i % 2 : i % 2 + 1] + ("en",),
                    ("phone", "email"),
                    shifts=[Shift(0, 7200, breaks=((3000, 3600),))],
                )
                for i in range(4)
            ],
            config=PoolConfig(patience_seconds={"phone": 90}, retrial=Retrial(0.5, 120)),
            seed=9,
        )
        rng = np.random.default_rng(2)
        times = np.cumsum(rng.exponential(20.0, 300)).tolist()
        return engine, [Contact(i, t, ("en", "de")[i % 2], ("phone", "email")[i % 3 == 0]) for i, t in enumerate(times)]

    whole, contacts = build()
    whole.feed(contacts)
    at_once = whole.advance(10_000)
    stepped, contacts = build()
    in_steps = []
    for until in range(600, 10_001, 600):
        for contact in [c for c in contacts if until - 600 <= c.arrival < until]:
            stepped.add(contact)
        in_steps += stepped.advance(until)
    in_steps += stepped.advance(10_000)
    assert at_once == in_steps
    assert [e.at for e in at_once] == sorted(e.at for e in at_once)
    assert {e.kind for e in at_once} == {ANSWERED, COMPLETED, ABANDONED, RETRIED}


def test_contacts_are_never_routed_to_agents_without_the_skill():
    engine = pool(Agent("en", ("en",), ("phone",)), Agent("ja", ("ja",), ("chat",)))
    for index in range(50):
        engine.add(Contact(index, index * 5.0, ("en", "ja")[index % 2], ("phone", "chat")[index % 2]))
    events = engine.drain()
    for event in events:
        if event.kind == ANSWERED:
            assert event.agent_id == event.language
    assert {e.contact_id for e in events if e.kind == ANSWERED} == set(range(50))


def test_a_contact_nobody_can_take_waits_without_hanging_the_run():
    engine = pool(Agent("en", ("en",), ("phone",)))
    engine.add(Contact("fr", 1.0, "fr", "email"))
    assert engine.drain() == []
    assert engine.waiting() == {("fr", "email"): 1}


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Shift(10, 5),
        lambda: Shift(0, 100, breaks=((50, 150),)),
        lambda: Retrial(probability=1.5),
        lambda: PoolConfig(patience_seconds={"phone": 0}),
        lambda: Agent("x", (), ("phone",)) and Engine(agents=[Agent("x", (), ("phone",))]),
    ],
)
def test_bad_configuration_is_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_time_does_not_go_back_and_contacts_cannot_arrive_in_the_past():
    engine = pool(Agent("en", ("en",), ("phone",)))
    engine.advance(100)
    with pytest.raises(ValueError):
        engine.add(Contact("late", 50.0, "en", "phone"))
    with pytest.raises(ValueError):
        engine.advance(10)
    assert engine.waiting() == {} and engine.drain() == []


def test_intervals_count_each_attempt_where_it_arrived():
    engine = Engine(agents=[Agent("ana", ("en",), ("phone",))], config=PoolConfig(interval_seconds=900), seed=1)
    for index, at in enumerate((10.0, 20.0, 1000.0)):
        engine.add(Contact(index, at, "en", "phone", handle_seconds=30))
    engine.drain()
    table = engine.intervals(by=("language",))
    assert sorted(table) == [(0.0, "en"), (900.0, "en")]
    assert table[(0.0, "en")].offered == 2 and table[(900.0, "en")].offered == 1
    assert table[(0.0, "en")].asa_seconds == pytest.approx(10.0)  # the second waited 20 s of 30


def test_a_live_reserve_keeps_an_agent_free_for_calls_until_email_becomes_urgent():
    # given two agents for phone and email, one kept in reserve for live contacts
    engine = Engine(
        agents=[Agent(name, ("en",), ("phone", "email")) for name in ("ana", "bo")],
        config=PoolConfig(live_reserve=1, urgent_seconds=3600),
        seed=1,
    )
    engine.add(Contact("call", 0.0, "en", "phone", handle_seconds=9000))
    # when an email comes while only one agent is free, due in 3 hours
    engine.add(Contact("mail", 10.0, "en", "email", handle_seconds=60, due=10.0 + 3 * 3600))
    engine.add(Contact("call-2", 100.0, "en", "phone", handle_seconds=60))
    events = engine.advance(4 * 3600)
    # then the free agent stays free for the call that follows, and takes the email once it is urgent (due - 1 h)
    assert answered(events) == [("call", "ana", 0.0), ("call-2", "bo", 100.0), ("mail", "bo", 10.0 + 2 * 3600)]


def test_with_two_agents_free_an_email_is_taken_at_once_despite_the_reserve():
    engine = Engine(
        agents=[Agent(name, ("en",), ("phone", "email")) for name in ("ana", "bo")],
        config=PoolConfig(live_reserve=1),
        seed=1,
    )
    engine.add(Contact("mail", 10.0, "en", "email", handle_seconds=60))
    assert answered(engine.advance(100)) == [("mail", "ana", 10.0)]


def test_memory_does_not_grow_with_the_number_of_contacts():
    import tracemalloc

    from csba.simulation.arrivals import profile_from_toml

    def peak(days: int) -> int:
        profile = profile_from_toml(
            {
                "interval_minutes": 60,
                "days": days,
                "day_shape": {"weights": [1] * 24},
                "volume": {"en": {"phone": 2000, "email": 500}},
            }
        )
        engine = Engine(
            agents=[Agent(i, ("en",), ("phone", "email")) for i in range(12)],
            config=PoolConfig(patience_seconds={"phone": 120}, interval_seconds=86400.0),
            record_events=False,
            seed=2,
        )
        tracemalloc.start()
        engine.feed_profile(profile, seed=3)
        engine.advance(days * 86400)
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert engine.totals().offered > 2000 * days * 0.9
        return used

    # 60,000 more contacts (a stored contact would take well over 100 bytes) in less than 200 kB more
    assert peak(8) < peak(2) + 200_000
