"""Vehicle-page POSTs shared by console and portal: the car in the actor's scope, then one service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import Actor
from aftercare.pages.submit import Saved, submit
from aftercare.vehicles import services
from aftercare.vehicles.models import OdometerReading, Vehicle
from aftercare.vehicles.selectors import vehicle_get

T = TypeVar("T")


def vehicle_submit(
    request: HttpRequest, vehicle_id: int, form: forms.Form, save: Callable[[Actor, Vehicle, dict[str, Any]], T]
) -> tuple[Vehicle, Saved[T] | int]:
    """Load the car (a foreign or missing one is the 404 page, before any parsing), then `submit` the form to it."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    return vehicle, submit(form, lambda data: save(actor, vehicle, data))


def odometer_save(actor: Actor, vehicle: Vehicle, data: dict[str, Any]) -> OdometerReading:
    """Record the reading an odometer form parsed; the owner's form has no time or source (now, "owner")."""
    return services.odometer_record(
        actor=actor,
        vehicle_id=vehicle.pk,
        km=data["km"],
        read_at=data.get("read_at"),
        source=data.get("source") or None,
        note=data["note"],
    )
