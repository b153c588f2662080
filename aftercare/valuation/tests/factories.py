"""Cars the UK model can price (joint-venture models sold in both markets), with an odometer reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aftercare.vehicles.models import OdometerReading, Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import vehicle_with_owner


def priceable_vehicle(
    *, dealer_group: Any, owner: Any = None, km: int = 60_000, model_year: int = 2018, use_type: str = "private",
    brand: str = "上汽大众", model: str = "帕萨特", **extra: Any,
) -> Vehicle:  # fmt: skip
    """A 上汽大众 帕萨特 (a Passat) with a trusted odometer reading and a licence."""
    vehicle = vehicle_with_owner(
        dealer_group=dealer_group, owner=owner, brand=brand, model=model, model_year=model_year, **extra
    )
    OdometerReading.objects.create(
        vehicle=vehicle, km=km, read_at=timezone.now() - dt.timedelta(days=3), source="check_in"
    )
    VehicleLicence.objects.create(
        vehicle=vehicle,
        registered_owner_name="车主",
        plate=vehicle.plate,
        vehicle_type="小型轿车",
        use_type=use_type,
        registration_date=dt.date(model_year, 6, 1),
        issue_date=dt.date(model_year, 6, 1),
    )
    return vehicle
