"""Odometer consistency (pure rules, no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aftercare.vehicles.rules import OdometerVerdict, Reading, odometer_check

T0 = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def at(days: int) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


@st.composite
def monotonic_histories(draw: st.DrawFn, min_size: int = 1) -> list[Reading]:
    """Trusted readings at strictly increasing times whose km never go down."""
    n = draw(st.integers(min_value=min_size, max_value=12))
    gaps = draw(st.lists(st.integers(min_value=1, max_value=400), min_size=n, max_size=n))
    steps = draw(st.lists(st.integers(min_value=0, max_value=30_000), min_size=n, max_size=n))
    readings, day, km = [], 0, draw(st.integers(min_value=0, max_value=50_000))
    for i, (gap, step) in enumerate(zip(gaps, steps, strict=True)):
        day, km = day + gap, km + step
        readings.append(Reading(id=i + 1, km=km, read_at=at(day)))
    return readings


@settings(max_examples=300)
@given(monotonic_histories(), st.data())
def test_every_injected_rollback_is_flagged(history: list[Reading], data: st.DataObject) -> None:
    # A new reading after some trusted reading but lower than it: a rollback (调表), always.
    anchor = data.draw(st.sampled_from(history))
    assume(anchor.km > 0)
    new_km = data.draw(st.integers(min_value=0, max_value=anchor.km - 1))
    read_at = anchor.read_at + dt.timedelta(hours=data.draw(st.integers(min_value=0, max_value=24 * 400)))
    shuffled = data.draw(st.permutations(history))
    verdict = odometer_check(new_km, read_at, shuffled)
    assert verdict.flag == "rollback"
    contradicted = next(r for r in history if r.id == verdict.conflicts_with)
    assert contradicted.read_at <= read_at and contradicted.km > new_km


@settings(max_examples=300)
@given(monotonic_histories(min_size=2), st.data())
def test_monotonic_histories_are_never_flagged_in_any_recording_order(
    history: list[Reading], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(history))
    recorded: list[Reading] = []
    for r in order:
        assert odometer_check(r.km, r.read_at, recorded) == OdometerVerdict("", None), (r, recorded)
        recorded.append(r)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=100), st.integers(min_value=0, max_value=300_000)),
        min_size=1,
        max_size=15,
    )
)
def test_a_reading_is_flagged_exactly_when_below_an_earlier_trusted_one(steps: list[tuple[int, int]]) -> None:
    """Model check: record readings in time order; flagged ones stay stored but stop being trusted."""
    recorded: list[Reading] = []
    day = 0
    for i, (gap, km) in enumerate(steps):
        day += gap
        verdict = odometer_check(km, at(day), recorded)
        trusted_peak = max((r.km for r in recorded if not r.flagged), default=None)
        expected_rollback = trusted_peak is not None and km < trusted_peak
        assert (verdict.flag == "rollback") == expected_rollback
        assert verdict.flag in ("", "rollback")  # nothing is later in time, so never ahead_of_later
        recorded.append(Reading(id=i + 1, km=km, read_at=at(day), flagged=bool(verdict.flag)))


def test_flagged_readings_are_not_trusted() -> None:
    history = [
        Reading(1, 10_000, at(0)),
        Reading(2, 900_000, at(10), flagged=True),  # a typo kept on record
        Reading(3, 12_000, at(20)),
    ]
    assert odometer_check(13_000, at(30), history) == OdometerVerdict("", None)
    # Had the typo been trusted, 13,000 would be a rollback against it.
    trusted_typo = [Reading(r.id, r.km, r.read_at) for r in history]
    assert odometer_check(13_000, at(30), trusted_typo) == OdometerVerdict("rollback", 2)


def test_rollback_points_at_the_highest_earlier_reading() -> None:
    history = [Reading(1, 10_000, at(0)), Reading(2, 30_000, at(10)), Reading(3, 20_000, at(5))]
    assert odometer_check(15_000, at(20), history) == OdometerVerdict("rollback", 2)


def test_a_back_dated_reading_higher_than_a_later_one_is_flagged_ahead_of_later() -> None:
    history = [Reading(1, 10_000, at(0)), Reading(2, 20_000, at(10))]
    assert odometer_check(25_000, at(5), history) == OdometerVerdict("ahead_of_later", 2)
    assert odometer_check(15_000, at(5), history) == OdometerVerdict("", None)


def test_equal_readings_are_consistent() -> None:
    history = [Reading(1, 10_000, at(0))]
    assert odometer_check(10_000, at(1), history) == OdometerVerdict("", None)
    assert odometer_check(10_000, at(0), history) == OdometerVerdict("", None)


def test_first_reading_is_trusted() -> None:
    assert odometer_check(0, at(0), []) == OdometerVerdict("", None)
