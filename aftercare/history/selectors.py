"""Reads of vehicle histories; callers have already scoped the vehicle."""

from __future__ import annotations

from django.db.models import QuerySet

from aftercare.history.models import HistoryEvent


def history_event_list(*, vehicle_id: int) -> QuerySet[HistoryEvent]:
    """A vehicle's events, newest first."""
    return HistoryEvent.objects.filter(vehicle_id=vehicle_id).order_by("-occurred_at", "-id")
