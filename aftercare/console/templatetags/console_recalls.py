"""Template data for the recalls partial on the console vehicle page (the page's view stays untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from aftercare.recalls.choices import VehicleRecallStatus
from aftercare.recalls.selectors import vehicle_recalls

register = template.Library()


@register.simple_tag(takes_context=True)
def vehicle_recalls_for(context: template.Context, vehicle: Any) -> dict[str, Any]:
    """Open and completed recalls of a car the page has already loaded through a scoped selector."""
    rows = vehicle_recalls(vehicle_id=vehicle.pk)
    actor = context.get("actor")
    return {
        "open": [r for r in rows if r.status == VehicleRecallStatus.OPEN],
        "done": [r for r in rows if r.status == VehicleRecallStatus.COMPLETED],
        "can_complete": bool(actor and actor.can("recalls.complete_recall")),
    }
