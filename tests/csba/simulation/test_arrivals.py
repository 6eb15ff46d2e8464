"""Arrival profiles: day, week and holiday shapes, CSV forecasts, Poisson arrivals."""

import io

import numpy as np
import pytest

from csba.simulation.arrivals import ProfileError, profile_from_csv, profile_from_toml


def base(**changes):
    data = {
        "interval_minutes": 30,
        "days": 7,
        "start_weekday": "monday",
        "volume": {"en": {"phone": 1000, "email": 500}, "de": {"chat": 200}},
    }
    data.update(changes)
    return data


def test_a_day_keeps_its_volume_and_the_week_and_holidays_shape_it():
    # given a flat week with one holiday day at 2.5 times
    profile = profile_from_toml(base(week_shape={"weights": [1] * 7}, holiday=[{"first_day": 4, "factor": 2.5}]))
    phone = profile.volumes[("en", "phone")]
    # then 48 intervals a day, each ordinary day holding its 1000 calls, the holiday 2500
    assert len(phone) == 7 * 48 and profile.intervals == 336
    days = phone.reshape(7, 48).sum(axis=1)
    assert days == pytest.approx([1000, 1000, 1000, 1000, 2500, 1000, 1000])
    # and the default day shape is quiet at night and busy in the day
    assert phone[4 * 2] < phone[11 * 2] / 5


def test_the_week_shape_follows_the_start_weekday():
    weights = [2, 1, 1, 1, 1, 1, 1]  # Mondays twice as busy
    on_sunday = profile_from_toml(base(start_weekday="sunday", days=2, week_shape={"weights": weights}))
    days = on_sunday.volumes[("en", "phone")].reshape(2, 48).sum(axis=1)
    assert days[1] == pytest.approx(2 * days[0])


@pytest.mark.parametrize("minutes,per_day", [(15, 96), (30, 48), (60, 24)])
def test_intervals_of_15_30_and_60_minutes(minutes, per_day):
    profile = profile_from_toml(base(interval_minutes=minutes, days=1))
    assert len(profile.volumes[("de", "chat")]) == per_day
    assert profile.volumes[("de", "chat")].sum() == pytest.approx(
        200 / np.mean([1.15, 1.05, 1.0, 1.0, 0.95, 0.9, 0.95]) * 1.15
    )


def test_poisson_arrivals_are_in_time_order_and_match_the_volumes():
    profile = profile_from_toml(base(days=2))
    contacts = list(profile.contacts(seed=4))
    times = [c.arrival for c in contacts]
    assert times == sorted(times)
    assert 0 <= times[0] and times[-1] < 2 * 86400
    expected = sum(v.sum() for v in profile.volumes.values())
    assert abs(len(contacts) - expected) < 4 * expected**0.5
    assert len({c.id for c in contacts}) == len(contacts)
    assert {(c.language, c.channel) for c in contacts} == set(profile.volumes)
    # the same seed, the same arrivals
    assert [c.arrival for c in profile.contacts(seed=4)][:50] == times[:50]


@pytest.mark.parametrize(
    "change,message",
    [
        ({"interval_minutes": 20}, "interval_minutes"),
        ({"days": 0}, "days"),
        ({"start_weekday": "someday"}, "start_weekday"),
        ({"volume": {"en": {"phone": -5}}}, "volume.en.phone"),
        ({"volume": {}}, "volume"),
        ({"day_shape": {"weights": [1] * 23}}, "day_shape.weights"),
        ({"holiday": [{"first_day": 9, "factor": 2}]}, "holiday[0].first_day"),
        ({"holiday": [{"first_day": 1, "factor": 0}]}, "holiday[0].factor"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_profile_names_the_key_and_what_was_expected(change, message):
    with pytest.raises(ProfileError) as error:
        profile_from_toml(base(**change))
    assert str(error.value).startswith(message)


def test_a_csv_forecast():
    text = "day,time,language,channel,contacts\n0,08:00,en,phone,40\n0,08:30,en,phone,55\n1,00:00,ja,email,3\n"
    profile = profile_from_csv(io.StringIO(text), interval_minutes=30)
    assert profile.intervals == 49
    assert profile.volumes[("en", "phone")][16] == 40 and profile.volumes[("en", "phone")][17] == 55
    assert profile.rate_per_hour(("en", "phone"), 17) == 110
    assert profile.volumes[("ja", "email")][48] == 3


@pytest.mark.parametrize(
    "line,number",
    [
        ("0,08:10,en,phone,4", 3),  # not the start of an interval
        ("0,25:00,en,phone,4", 3),
        ("0,08:30,en,phone,-1", 3),
        ("0,08:30,en,phone", 3),
        ("0,08:00,en,phone,7", 3),  # a second row for the same interval
    ],
)
def test_a_bad_forecast_line_is_reported_with_its_number(line, number):
    text = f"day,time,language,channel,contacts\n0,08:00,en,phone,40\n{line}\n"
    with pytest.raises(ProfileError) as error:
        profile_from_csv(io.StringIO(text), interval_minutes=30)
    assert str(error.value).startswith(f"line {number}:")
