"""`{% car_inspections vehicle as insp %}`: the vehicle page's inspection panel, without touching its view."""

from __future__ import annotations

from typing import Any

from django import template

from aftercare.inspections.choices import Grade
from aftercare.inspections.selectors import inspection_list, vehicle_condition, vehicle_open_findings

register = template.Library()


@register.simple_tag(takes_context=True)
def car_inspections(context: template.Context, vehicle: Any) -> dict[str, Any]:
    """Recent inspections, the latest condition and the number of open findings of a car the page scoped."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or vehicle is None:
        return {}
    condition = vehicle_condition(vehicle_id=vehicle.pk)
    return {
        "recent": list(inspection_list(actor=actor, vehicle_id=vehicle.pk)[:3]),
        "condition": condition,
        "condition_label": Grade(condition.grade).label if condition and condition.grade else "",
        "findings": len(vehicle_open_findings(vehicle_id=vehicle.pk)),
    }
