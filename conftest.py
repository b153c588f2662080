"""Shared pytest fixtures."""

from __future__ import annotations

import pytest

from aftercare.notifications.backends import MemoryBackend


@pytest.fixture(autouse=True)
def _clean_outbox() -> None:
    MemoryBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _no_axes_lockouts(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
