"""Template data for the recalls partial on the owner's car page (the page's view stays untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from aftercare.recalls.choices import VehicleRecallStatus
from aftercare.recalls.selectors import vehicle_recalls

register = template.Library()


@register.simple_tag
def my_car_recalls(vehicle: Any) -> dict[str, Any]:
    """Open and completed recalls of the owner's car (the page loaded it through the owner's scope)."""
    rows = vehicle_recalls(vehicle_id=vehicle.pk)
    return {
        "open": [r for r in rows if r.status == VehicleRecallStatus.OPEN],
        "done": [r for r in rows if r.status == VehicleRecallStatus.COMPLETED],
    }
