"""One demo network per test module: generating it takes 10–15 s, and most demo tests only read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from aftercare.demo.generator import demo_generate
from aftercare.kernel.clock import FixedClock

NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)
SCALE = 0.1  # two customers per store: the full 80-store layout, a tenth of the owners


@pytest.fixture(scope="module")
def demo_network(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The scale-0.1 demo, generated once per module inside a transaction that is rolled back after the
    module's last test. Each test runs in its own savepoint inside it, so what one test changes (a reset,
    a deletion) is undone before the next one starts."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_generate(scale=SCALE, clock=FixedClock(NOW))
        transaction.set_rollback(True)
