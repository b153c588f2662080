"""The demo accounts `aftercare serve` prints (filled in by the demo generator)."""

from __future__ import annotations


def demo_logins() -> list[str]:
    """One line per role whose demo account exists in the database."""
    return []
