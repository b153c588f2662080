"""Fixtures for appointment tests: a fixed clock on a Monday morning and a ready store."""

from __future__ import annotations

import datetime as dt

import pytest

from aftercare.appointments.tests.factories import Shop, local, shop
from aftercare.kernel.clock import FixedClock

MONDAY = dt.date(2030, 3, 4)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local(MONDAY, 9, 0))


@pytest.fixture
def s(db: None) -> Shop:
    return shop()
