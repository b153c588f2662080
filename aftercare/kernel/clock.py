"""One place to read the time, so tests can pass a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.utils import timezone


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real clock: aware datetimes in UTC."""

    def now(self) -> dt.datetime:
        return timezone.now()


class FixedClock:
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = at

    def now(self) -> dt.datetime:
        return self._at

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta


system_clock = SystemClock()
