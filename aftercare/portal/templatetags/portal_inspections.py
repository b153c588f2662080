"""`{% my_car_inspections vehicle as inspections %}`: the car page's inspection reports, without touching its view."""

from __future__ import annotations

from typing import Any

from django import template

from aftercare.inspections.selectors import inspection_list

register = template.Library()


@register.simple_tag(takes_context=True)
def my_car_inspections(context: template.Context, vehicle: Any) -> list[Any]:
    """The latest completed reports of a car the owner holds now (scoped like every owner read)."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or vehicle is None:
        return []
    return list(inspection_list(actor=actor, vehicle_id=vehicle.pk)[:3])
