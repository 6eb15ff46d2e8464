"""Rosters: CSV in and out, agents on duty per interval, building one."""

import io

import numpy as np
import pytest

from csba.simulation.roster import RosterError, on_duty, roster_build, roster_read, roster_write

ROSTER = """agent,languages,channels,days,start,end,breaks
ana,en,phone|email,0-1,08:00,16:00,12:00-12:30
bo,de|en,phone,0;2,22:00,06:00,02:00-02:30
"""


def test_a_roster_is_read_with_overnight_shifts_and_breaks_and_written_back():
    agents = roster_read(io.StringIO(ROSTER))
    ana, bo = agents
    assert (ana.languages, ana.channels) == (("en",), ("email", "phone"))
    assert [(s.start, s.end, s.breaks) for s in ana.shifts] == [
        (8 * 3600, 16 * 3600, ((12 * 3600, 12.5 * 3600),)),
        (86400 + 8 * 3600, 86400 + 16 * 3600, ((86400 + 12 * 3600, 86400 + 12.5 * 3600),)),
    ]
    # bo's night shift crosses midnight, and so does his break's clock
    assert (bo.shifts[0].start, bo.shifts[0].end) == (22 * 3600, 30 * 3600)
    assert bo.shifts[0].breaks == ((26 * 3600, 26.5 * 3600),)
    assert bo.shifts[1].start == 2 * 86400 + 22 * 3600
    out = io.StringIO()
    roster_write(agents, out)
    again = roster_read(io.StringIO(out.getvalue()))
    assert [(a.id, a.languages, a.channels, a.shifts) for a in again] == [
        (a.id, a.languages, a.channels, a.shifts) for a in agents
    ]


def test_agents_on_duty_per_interval_per_team():
    counts = on_duty(roster_read(io.StringIO(ROSTER)), interval_seconds=3600, intervals=48)
    assert counts["en"][8:16].tolist() == [1, 1, 1, 1, 0.5, 1, 1, 1]  # half an hour of break at 12:00
    assert counts["en"][7] == 0 and counts["en"][16] == 0
    assert counts["de+en"][22:30].tolist() == [1, 1, 1, 1, 0.5, 1, 1, 1]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("cy,en,phone,0,08:00,16:00,17:00-17:30", "line 2:"),  # break outside the shift
        ("cy,en,phone,x,08:00,16:00,", "line 2:"),
        ("cy,en,phone,0,8h,16:00,", "line 2:"),
        ("cy,,phone,0,08:00,16:00,", "line 2:"),
        ("cy,en,phone,0,08:00", "line 2:"),
    ],
)
def test_a_bad_roster_line_is_reported_with_its_number(line, expected):
    with pytest.raises(RosterError) as error:
        roster_read(io.StringIO("agent,languages,channels,days,start,end,breaks\n" + line + "\n"))
    assert str(error.value).startswith(expected)


def test_overlapping_shifts_and_a_wrong_header_are_refused():
    with pytest.raises(RosterError, match="overlap"):
        roster_read(
            io.StringIO(
                "agent,languages,channels,days,start,end,breaks\n"
                "cy,en,phone,0,08:00,16:00,\ncy,en,phone,0,15:00,20:00,\n"
            )
        )
    with pytest.raises(RosterError, match="line 1"):
        roster_read(io.StringIO("name,start\ncy,08:00\n"))


def test_a_built_roster_covers_the_requirement_with_rested_agents():
    # given a requirement with a morning and an evening peak over two days
    hours = np.arange(96) / 2 % 24
    needed = 2 + 8 * np.exp(-((hours - 10) ** 2) / 8) + 5 * np.exp(-((hours - 19) ** 2) / 4)
    roster = roster_build({"en": needed}, interval_seconds=1800, channels={"en": ("phone", "email")})
    counts = on_duty(roster, interval_seconds=1800, intervals=96)["en"]
    # then every interval has at least the requirement rounded up, without gross excess
    assert (counts >= np.ceil(needed - 1e-9)).all()
    assert counts.sum() <= 1.35 * np.ceil(needed).sum()
    # shifts are 8 hours with one 30-minute break, and an agent rests 11 hours between shifts
    for agent in roster:
        assert agent.channels == ("phone", "email")
        for shift in agent.shifts:
            assert shift.end - shift.start == 8 * 3600 and len(shift.breaks) == 1
        for before, after in zip(agent.shifts, agent.shifts[1:]):
            assert after.start - before.end >= 11 * 3600
