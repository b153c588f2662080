"""Pure decisions about vehicles: odometer consistency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reading:
    """An odometer reading reduced to what the consistency check needs."""

    id: int
    km: int
    read_at: dt.datetime
    flagged: bool = False


@dataclass(frozen=True)
class OdometerVerdict:
    """The flag for a new reading ('' when consistent) and the trusted reading it contradicts."""

    flag: str
    conflicts_with: int | None


def odometer_check(
    new_km: int, read_at: dt.datetime, history: Iterable[Reading], breaks: Iterable[dt.datetime] = ()
) -> OdometerVerdict:
    """A reading is suspect when it is below any earlier trusted reading (rollback, 调表) or above a later one.

    Only unflagged readings are trusted, so one bad reading cannot hide the next. A recorded odometer
    break (for example an instrument cluster replaced at `break`) starts a new baseline: a reading is
    compared only with readings between the same two breaks (a reading at the break's moment is after it).
    """
    start, end = odometer_segment(read_at, breaks)
    trusted = [r for r in history if not r.flagged and _within(r.read_at, start, end)]
    earlier = [r for r in trusted if r.read_at <= read_at]
    later = [r for r in trusted if r.read_at > read_at]
    if earlier:
        peak = max(earlier, key=lambda r: (r.km, r.read_at))
        if new_km < peak.km:
            return OdometerVerdict("rollback", peak.id)
    if later:
        floor = min(later, key=lambda r: (r.km, r.read_at))
        if new_km > floor.km:
            return OdometerVerdict("ahead_of_later", floor.id)
    return OdometerVerdict("", None)


def odometer_segment(
    moment: dt.datetime, breaks: Iterable[dt.datetime]
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The last break at or before `moment` and the first break after it (None: no such break)."""
    ordered = sorted(breaks)
    start = max((b for b in ordered if b <= moment), default=None)
    end = min((b for b in ordered if b > moment), default=None)
    return start, end


def _within(moment: dt.datetime, start: dt.datetime | None, end: dt.datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment < end)


def split_brand_model(text: str) -> tuple[str, str]:
    """Split a licence's 品牌型号 ("大众汽车牌SVW71810KJ") into brand and model code; no 牌 means model only."""
    cleaned = text.strip()
    brand, sep, model = cleaned.partition("牌")
    if not sep or not brand:
        return "", cleaned
    return brand.strip(), model.strip()
