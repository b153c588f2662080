"""Background matching: one campaign after it is created, one car after it is added or changed."""

from __future__ import annotations

from django_tasks import task

from aftercare.recalls import matching
from aftercare.recalls.choices import VehicleRecallStatus
from aftercare.recalls.models import VehicleRecall


@task()
def campaign_match_task(campaign_id: int) -> int:
    """Match one campaign against the fleet; returns the number of new matches. Safe to run twice."""
    return matching.campaign_match(campaign_id=campaign_id).matched


@task()
def vehicle_match_task(vehicle_id: int, new_owner: bool = False) -> int:
    """Match one car against all campaigns; a new owner is told about every open one. Safe to run twice."""
    if new_owner:
        VehicleRecall.objects.filter(vehicle_id=vehicle_id, status=VehicleRecallStatus.OPEN).update(notified_at=None)
    return matching.vehicle_match(vehicle_id=vehicle_id).matched
