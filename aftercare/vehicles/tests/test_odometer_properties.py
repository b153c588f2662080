"""Properties of the odometer check (调表): every injected rollback is flagged, monotonic histories never are,
and a recorded break starts a new baseline."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare.vehicles.rules import Reading, odometer_check

START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

increments = st.lists(st.integers(min_value=0, max_value=30_000), min_size=1, max_size=40)
gaps = st.integers(min_value=1, max_value=200)


def _feed(kms: list[int], breaks: list[dt.datetime] = (), step_days: int = 30) -> list[str]:
    """Check readings in the order they arrive, as odometer_record does; return each verdict's flag."""
    seen: list[Reading] = []
    flags = []
    for i, km in enumerate(kms):
        at = START + dt.timedelta(days=step_days * i)
        verdict = odometer_check(km, at, seen, breaks)
        seen.append(Reading(id=i, km=km, read_at=at, flagged=bool(verdict.flag)))
        flags.append(verdict.flag)
    return flags


def _monotonic(steps: list[int], base: int = 0) -> list[int]:
    kms, total = [], base
    for step in steps:
        total += step
        kms.append(total)
    return kms


@settings(max_examples=300, deadline=None)
@given(steps=increments)
def test_monotonic_histories_are_never_flagged(steps: list[int]) -> None:
    assert set(_feed(_monotonic(steps))) == {""}


@settings(max_examples=300, deadline=None)
@given(steps=increments, data=st.data())
def test_every_injected_rollback_is_flagged(steps: list[int], data: st.DataObject) -> None:
    kms = _monotonic(steps, base=1_000)
    at = data.draw(st.integers(min_value=1, max_value=len(kms)))
    peak = max(kms[:at])
    rolled = data.draw(st.integers(min_value=0, max_value=peak - 1))
    flags = _feed([*kms[:at], rolled, *kms[at:]])
    assert flags[at] == "rollback"
    assert set(flags[:at]) == {""}


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(increments, min_size=2, max_size=4), data=st.data())
def test_injected_rollbacks_are_flagged_in_100_percent_of_many_histories(
    steps: list[list[int]], data: st.DataObject
) -> None:
    # Several rollbacks injected into one history: every one of them is caught.
    kms = _monotonic([s for part in steps for s in part], base=500)
    positions = sorted(data.draw(st.sets(st.integers(min_value=1, max_value=len(kms)), min_size=1, max_size=3)))
    history, injected = [], []
    for i, km in enumerate(kms):
        if i in positions:
            injected.append(len(history))
            history.append(data.draw(st.integers(min_value=0, max_value=max(history) - 1)) if max(history) else 0)
        history.append(km)
    flags = _feed(history)
    caught = [i for i in injected if flags[i] == "rollback" or max(history[:i]) == 0]
    assert caught == injected


@settings(max_examples=200, deadline=None)
@given(before=increments, after=increments, new_base=st.integers(min_value=0, max_value=50_000))
def test_a_break_starts_a_new_baseline(before: list[int], after: list[int], new_base: int) -> None:
    old = _monotonic(before, base=60_000)
    new = _monotonic(after, base=new_base)
    kms = old + new
    break_at = START + dt.timedelta(days=30 * len(old))
    assert set(_feed(kms, [break_at])) == {""}  # the new cluster reads lower: no flag after a break
    if new[0] < old[-1]:
        assert "rollback" in _feed(kms)  # the very same history without the break is a rollback


@settings(max_examples=200, deadline=None)
@given(before=increments, after=increments, data=st.data())
def test_rollbacks_after_a_break_are_still_flagged(before: list[int], after: list[int], data: st.DataObject) -> None:
    old = _monotonic(before, base=60_000)
    new = _monotonic(after, base=100)
    break_at = START + dt.timedelta(days=30 * len(old))
    i = data.draw(st.integers(min_value=1, max_value=len(new)))
    peak = max(new[:i])
    if peak == 0:
        return
    rolled = data.draw(st.integers(min_value=0, max_value=peak - 1))
    flags = _feed(old + new[:i] + [rolled], [break_at])
    assert flags[-1] == "rollback"
