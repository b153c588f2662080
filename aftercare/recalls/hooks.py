"""Incremental matching hooks. The vehicles app sits below recalls and cannot call it, so recalls listens.

Only after commit, and only through a task: a failed match never rolls back a registration.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

MATCH_FIELDS = frozenset({"vin", "brand", "manufacturer", "model", "model_year"})


def vehicle_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A car was added, or its make, model, year or VIN changed: match it after commit."""
    update_fields = kwargs.get("update_fields")
    if raw or (not created and update_fields is not None and not MATCH_FIELDS.intersection(update_fields)):
        return
    from aftercare.recalls.tasks import vehicle_match_task

    vehicle_id = instance.pk
    transaction.on_commit(lambda: vehicle_match_task.enqueue(vehicle_id=vehicle_id))


def ownership_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A car has a new owner: tell them about every open campaign on it after commit."""
    if raw or not created or instance.ended_on is not None:
        return
    from aftercare.recalls.tasks import vehicle_match_task

    vehicle_id = instance.vehicle_id
    transaction.on_commit(lambda: vehicle_match_task.enqueue(vehicle_id=vehicle_id, new_owner=True))
