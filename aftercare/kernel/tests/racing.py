"""What every parallel-writer test needs: PostgreSQL only, and n threads released at the same instant.

Import both into a test module: `from aftercare.kernel.tests.racing import postgres_only, race`
(`postgres_only` is an autouse fixture, so importing it is enough).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections


@pytest.fixture(autouse=True)
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("true parallel writers need PostgreSQL; SQLite serialises them with its write lock")


def race(n: int, attempt: Callable[[int], Any], *, timeout: float = 60) -> list[Any]:
    """Run `attempt(i)` in n threads released at the same instant; return each result or exception."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = attempt(i)
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return results
