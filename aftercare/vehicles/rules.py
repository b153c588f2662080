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


def odometer_check(new_km: int, read_at: dt.datetime, history: Iterable[Reading]) -> OdometerVerdict:
    """A reading is suspect when it is below any earlier trusted reading (rollback, 调表) or above a later one.

    Only unflagged readings are trusted, so one bad reading cannot hide the next.
    """
    trusted = [r for r in history if not r.flagged]
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


def split_brand_model(text: str) -> tuple[str, str]:
    """Split a licence's 品牌型号 ("大众汽车牌SVW71810KJ") into brand and model code; no 牌 means model only."""
    cleaned = text.strip()
    brand, sep, model = cleaned.partition("牌")
    if not sep or not brand:
        return "", cleaned
    return brand.strip(), model.strip()
