"""Pure booking rules: opening hours, timelines, slot offers, distance (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare.appointments import rules
from aftercare.kernel.geo import haversine_km

TZ = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2030, 3, 5)  # a Tuesday
HOURS = {"tue": [["08:30", "12:00"], ["13:00", "18:00"]], "sun": []}


def at(hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(2030, 3, 5, hh, mm, tzinfo=TZ)


def test_opening_intervals_by_weekday_and_malformed_entries_skipped() -> None:
    assert rules.opening_intervals(HOURS, DAY, TZ) == [(at(8, 30), at(12)), (at(13), at(18))]
    assert rules.opening_intervals(HOURS, DAY + dt.timedelta(days=5), TZ) == []  # Sunday, closed
    bad = {"tue": [["18:00", "08:00"], ["xx", "10:00"], ["09:00"], ["10:00", "24:00"]]}
    assert rules.opening_intervals(bad, DAY, TZ) == [(at(10), dt.datetime.combine(DAY, dt.time.max, TZ))]


def test_within_opening_needs_one_interval_to_hold_the_whole_job() -> None:
    assert rules.within_opening(HOURS, at(9), at(12), TZ)
    assert not rules.within_opening(HOURS, at(11), at(13), TZ)  # runs through the lunch break
    assert not rules.within_opening(HOURS, at(8), at(9), TZ)
    assert not rules.within_opening(HOURS, at(17, 30), at(18, 30), TZ)


def test_free_slots_skip_busy_bays_and_technicians_and_respect_lead_time() -> None:
    bay_busy = {1: rules.Timeline.of([(at(8, 30), at(10))])}
    tech_busy = {7: rules.Timeline.of([(at(10), at(11))])}
    slots = rules.free_slots(
        open_intervals=rules.opening_intervals(HOURS, DAY, TZ),
        duration=dt.timedelta(hours=1),
        step=dt.timedelta(minutes=30),
        not_before=at(8, 40),
        bays=[1],
        bay_busy=bay_busy,
        technicians=[7],
        tech_busy=tech_busy,
        limit=4,
    )
    assert [s.starts_at for s in slots] == [at(11), at(13), at(13, 30), at(14)]  # 11:30 would cross lunch
    assert {(s.bay_id, s.technician_id) for s in slots} == {(1, 7)}


def test_the_grid_starts_at_opening_time_even_when_not_before_is_off_grid() -> None:
    slots = rules.free_slots(
        open_intervals=[(at(8, 30), at(12))],
        duration=dt.timedelta(minutes=60),
        step=dt.timedelta(minutes=30),
        not_before=at(9, 1),
        bays=[1],
        bay_busy={},
        technicians=[2],
        tech_busy={},
        limit=1,
    )
    assert slots[0].starts_at == at(9, 30)


def test_levels_at_least() -> None:
    assert rules.levels_at_least("intermediate") == ("intermediate", "senior")
    assert rules.levels_at_least("junior") == rules.LEVELS


def test_reminder_is_due_only_for_tomorrow_and_once() -> None:
    now = at(20)
    tomorrow = at(10) + dt.timedelta(days=1)
    assert rules.reminder_due(status="booked", starts_at=tomorrow, reminded=False, now=now, tz=TZ)
    assert not rules.reminder_due(status="booked", starts_at=tomorrow, reminded=True, now=now, tz=TZ)
    assert not rules.reminder_due(status="cancelled", starts_at=tomorrow, reminded=False, now=now, tz=TZ)
    assert not rules.reminder_due(
        status="booked", starts_at=tomorrow + dt.timedelta(days=1), reminded=False, now=now, tz=TZ
    )


def test_haversine_known_distances() -> None:
    # Beijing Tiananmen to Shanghai People's Square: about 1,067 km.
    assert 1060 < haversine_km(39.9087, 116.3975, 31.2304, 121.4737) < 1075
    assert haversine_km(30.0, 120.0, 30.0, 120.0) == 0.0
    # One degree of latitude is about 111.2 km anywhere.
    assert abs(haversine_km(10, 50, 11, 50) - 111.2) < 0.2


minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def interval_sets(draw: st.DrawFn) -> list[rules.Interval]:
    raw = draw(st.lists(st.tuples(minutes, st.integers(min_value=1, max_value=240)), max_size=12))
    base = dt.datetime(2030, 3, 5, tzinfo=TZ)
    return [(base + dt.timedelta(minutes=s), base + dt.timedelta(minutes=s + d)) for s, d in raw]


@settings(max_examples=300, deadline=None)
@given(busy=interval_sets(), start=minutes, length=st.integers(min_value=1, max_value=300))
def test_timeline_answers_like_a_brute_force_overlap_check(busy: list[rules.Interval], start: int, length: int) -> None:
    base = dt.datetime(2030, 3, 5, tzinfo=TZ)
    probe = (base + dt.timedelta(minutes=start), base + dt.timedelta(minutes=start + length))
    expected = not any(rules.overlaps(probe, b) for b in busy)
    assert rules.Timeline.of(busy).is_free(*probe) == expected


@settings(max_examples=150, deadline=None)
@given(
    busy=st.dictionaries(st.integers(1, 3), interval_sets(), max_size=3),
    techs=st.dictionaries(st.integers(10, 12), interval_sets(), max_size=3),
    duration=st.sampled_from([30, 60, 90, 150]),
)
def test_offered_slots_never_overlap_anything_busy(
    busy: dict[int, list[rules.Interval]], techs: dict[int, list[rules.Interval]], duration: int
) -> None:
    slots = rules.free_slots(
        open_intervals=[(at(8, 30), at(18))],
        duration=dt.timedelta(minutes=duration),
        step=dt.timedelta(minutes=30),
        not_before=at(8),
        bays=[1, 2, 3],
        bay_busy={k: rules.Timeline.of(v) for k, v in busy.items()},
        technicians=[10, 11, 12],
        tech_busy={k: rules.Timeline.of(v) for k, v in techs.items()},
        limit=50,
    )
    for slot in slots:
        window = (slot.starts_at, slot.ends_at)
        assert at(8, 30) <= slot.starts_at and slot.ends_at <= at(18)
        assert not any(rules.overlaps(window, b) for b in busy.get(slot.bay_id, []))
        assert not any(rules.overlaps(window, b) for b in techs.get(slot.technician_id, []))
