"""Appends to vehicle histories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftercare.history.choices import HistoryEventType
from aftercare.history.models import HistoryEvent

_PERSONAL_KEYS = frozenset({"name", "phone", "email", "id_number", "address", "registered_owner_name"})


def event_build(
    *,
    vehicle_id: int,
    event_type: HistoryEventType,
    occurred_at: dt.datetime,
    actor_user_id: int | None,
    payload: dict[str, Any],
) -> HistoryEvent:
    """An unsaved, checked event for bulk writers; refuses payloads carrying personal fields."""
    leaked = _PERSONAL_KEYS.intersection(payload)
    if leaked:
        raise ValueError(f"history payload must not carry personal data: {sorted(leaked)}")
    return HistoryEvent(
        vehicle_id=vehicle_id,
        event_type=event_type,
        occurred_at=occurred_at,
        actor_id=actor_user_id,
        payload=payload,
    )


def event_record(
    *,
    vehicle_id: int,
    event_type: HistoryEventType,
    occurred_at: dt.datetime,
    actor_user_id: int | None,
    payload: dict[str, Any],
) -> HistoryEvent:
    """Append one event; call inside the transaction that made the change. Refuses personal fields."""
    event = event_build(
        vehicle_id=vehicle_id,
        event_type=event_type,
        occurred_at=occurred_at,
        actor_user_id=actor_user_id,
        payload=payload,
    )
    event.save(force_insert=True)
    return event
