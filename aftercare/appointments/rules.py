"""Pure decisions for bookings: opening hours, free intervals per bay and technician, slot offers.

Plain data in, values out; no Django, no I/O; the clock and the time zone are passed in.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVELS = ("junior", "intermediate", "senior")

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class BookingPolicy:
    """Tunable numbers (code defaults; settings.AFTERCARE_BOOKING_POLICY may override any of them)."""

    step_minutes: int = 30  # offered start times fall on this grid from the opening time
    lead_minutes: int = 60  # owners cannot book sooner than this
    max_days_ahead: int = 60  # nor further ahead than this
    search_max_days: int = 31  # the longest date range one search may cover
    slots_per_store: int = 6  # start times offered per store
    stores_per_search: int = 5


def levels_at_least(level: str) -> tuple[str, ...]:
    """Certification levels that satisfy a requirement: a senior may do an intermediate's job."""
    return LEVELS[LEVELS.index(level) :]


def _parse_hhmm(text: str) -> dt.time | None:
    try:
        hours, minutes = (int(p) for p in str(text).split(":"))
    except ValueError:
        return None
    if hours == 24 and minutes == 0:
        return dt.time.max
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        return None
    return dt.time(hours, minutes)


def opening_intervals(
    opening_hours: Mapping[str, Sequence[Sequence[str]]], day: dt.date, tz: dt.tzinfo
) -> list[Interval]:
    """The store's open intervals on one local date, as aware datetimes; malformed entries are skipped."""
    result: list[Interval] = []
    for pair in opening_hours.get(WEEKDAYS[day.weekday()], []) or []:
        if len(pair) != 2:
            continue
        start, end = _parse_hhmm(pair[0]), _parse_hhmm(pair[1])
        if start is None or end is None or end <= start:
            continue
        result.append((dt.datetime.combine(day, start, tz), dt.datetime.combine(day, end, tz)))
    return sorted(result)


def within_opening(
    opening_hours: Mapping[str, Sequence[Sequence[str]]], start: dt.datetime, end: dt.datetime, tz: dt.tzinfo
) -> bool:
    """True when [start, end) lies inside one open interval of the store's local day."""
    local_start = start.astimezone(tz)
    return any(o <= start and end <= c for o, c in opening_intervals(opening_hours, local_start.date(), tz))


def overlaps(a: Interval, b: Interval) -> bool:
    """Half-open intervals [start, end) overlap."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Timeline:
    """Busy intervals of one bay or technician, answering "is [start, end) free?" in O(log n)."""

    starts: list[dt.datetime] = field(default_factory=list)
    max_ends: list[dt.datetime] = field(default_factory=list)  # running maximum of the ends

    @classmethod
    def of(cls, intervals: Iterable[Interval]) -> Timeline:
        ordered = sorted(intervals)
        line = cls()
        for start, end in ordered:
            line.starts.append(start)
            line.max_ends.append(max(end, line.max_ends[-1]) if line.max_ends else end)
        return line

    def is_free(self, start: dt.datetime, end: dt.datetime) -> bool:
        # Only intervals starting before `end` can overlap; the latest-ending of them decides.
        n = bisect_left(self.starts, end)
        return n == 0 or self.max_ends[n - 1] <= start


EMPTY = Timeline()


@dataclass(frozen=True)
class Slot:
    """A free start: the bay and technician that would be held for [starts_at, ends_at)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    bay_id: int
    technician_id: int


def pick(
    start: dt.datetime,
    end: dt.datetime,
    bays: Sequence[int],
    bay_busy: Mapping[int, Timeline],
    technicians: Sequence[int],
    tech_busy: Mapping[int, Timeline],
) -> tuple[int, int] | None:
    """The first free bay and the first free technician (in the given preference order), or None."""
    bay = next((b for b in bays if bay_busy.get(b, EMPTY).is_free(start, end)), None)
    if bay is None:
        return None
    tech = next((t for t in technicians if tech_busy.get(t, EMPTY).is_free(start, end)), None)
    return None if tech is None else (bay, tech)


def free_slots(
    *,
    open_intervals: Iterable[Interval],
    duration: dt.timedelta,
    step: dt.timedelta,
    not_before: dt.datetime,
    bays: Sequence[int],
    bay_busy: Mapping[int, Timeline],
    technicians: Sequence[int],
    tech_busy: Mapping[int, Timeline],
    limit: int,
) -> list[Slot]:
    """Free starts on the step grid of each open interval, earliest first, at most `limit`."""
    found: list[Slot] = []
    for opens, closes in open_intervals:
        start = opens
        if start < not_before:
            skipped = -((opens - not_before) // step)  # ceil((not_before - opens) / step)
            start = opens + skipped * step
        while start + duration <= closes and len(found) < limit:
            chosen = pick(start, start + duration, bays, bay_busy, technicians, tech_busy)
            if chosen is not None:
                found.append(Slot(start, start + duration, chosen[0], chosen[1]))
            start += step
        if len(found) >= limit:
            break
    return found


def can_reschedule(*, status: str, starts_at: dt.datetime, now: dt.datetime) -> bool:
    """Only a booking that has not started and is still booked can move."""
    return status == "booked" and starts_at > now


def can_mark_no_show(*, status: str, starts_at: dt.datetime, now: dt.datetime) -> bool:
    """A no-show can be marked only once the booked start has passed."""
    return status == "booked" and now >= starts_at


def reminder_due(*, status: str, starts_at: dt.datetime, reminded: bool, now: dt.datetime, tz: dt.tzinfo) -> bool:
    """Remind once, the day before: still booked, starting on tomorrow's local date, not yet reminded."""
    if status != "booked" or reminded or starts_at <= now:
        return False
    return starts_at.astimezone(tz).date() == now.astimezone(tz).date() + dt.timedelta(days=1)
