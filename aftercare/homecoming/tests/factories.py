"""Test helpers for Homecoming: licence photos made with Pillow, cars with licences, enrolled cars."""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from aftercare.homecoming import services
from aftercare.homecoming.models import Enrolment, ParticipatingStore
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.models import Store
from aftercare.owners.models import Owner
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import vehicle_with_owner


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (640, 400), exif_gps: bool = False) -> bytes:
    """A small real picture (a pale card with a dark band, like a licence) in the given format."""
    image = Image.new("RGB", size, (236, 232, 220))
    for x in range(size[0]):
        for y in range(size[1] // 5, size[1] // 5 + 20):
            image.putpixel((x, y), (40, 60, 90))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 15.0)}  # GPS IFD
        kwargs["exif"] = exif
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def licence_for(
    vehicle: Vehicle,
    *,
    name: str = "王小明",
    use_type: str = "private",
    registration_date: dt.date = dt.date(2019, 5, 10),
    issue_date: dt.date = dt.date(2024, 6, 1),
) -> VehicleLicence:
    return VehicleLicence.objects.create(
        vehicle=vehicle,
        registered_owner_name=name,
        plate=vehicle.plate,
        vehicle_type="小型轿车",
        use_type=use_type,
        registration_date=registration_date,
        issue_date=issue_date,
        brand_model="大众牌SVW71811BU",
    )


def car(
    *, dealer_group: Any = None, owner: Owner | None = None, started_on: dt.date = dt.date(2024, 6, 1), **licence: Any
) -> Vehicle:
    """A currently owned car with a vehicle licence on record."""
    vehicle = vehicle_with_owner(dealer_group=dealer_group, owner=owner, started_on=started_on)
    licence_for(vehicle, **licence)
    return vehicle


def owner_actor(owner: Owner) -> Actor:
    return Actor(kind=ActorKind.OWNER, user_id=owner.user_id, owner_id=owner.pk)


def enrol(vehicle: Vehicle, *, actor: Actor | None = None, at: dt.datetime | None = None, **kw: Any) -> Enrolment:
    """Enrol a car through the real service (as its owner unless an actor is given)."""
    if actor is None:
        holder = vehicle.ownerships.get(ended_on__isnull=True).owner
        actor = owner_actor(holder)
    args: dict[str, Any] = {
        "held_since": vehicle.ownerships.get(ended_on__isnull=True).started_on,
        "purchase_channel": "used_car_dealer",
        "owner_kind": "individual",
        "photo": photo_bytes(),
    } | kw
    clock = FixedClock(at or timezone.now())
    return services.enrolment_apply(actor=actor, vehicle_id=vehicle.pk, clock=clock, **args)


def participate(*stores: Store) -> None:
    for store in stores:
        ParticipatingStore.objects.update_or_create(store=store, defaults={"active": True})


def homecoming_world(vehicles: dict[int, list[int]], stores: dict[int, list[int]]) -> None:
    """For the cross-tenant API tests: every store participates; every car gets a licence and every car but the
    last of each group is enrolled by its owner (the last stays free for the enrol endpoint's control call)."""
    participate(*Store.objects.filter(pk__in=[s for ids in stores.values() for s in ids]))
    for ids in vehicles.values():
        for n, vehicle_id in enumerate(ids):
            vehicle = Vehicle.objects.get(pk=vehicle_id)
            licence_for(vehicle, registration_date=dt.date(2019, 1, 1), issue_date=dt.date(2019, 1, 5))
            if n < len(ids) - 1:
                enrol(vehicle, held_since=dt.date(2025, 3, 1))


def enrol_api_body(**overrides: Any) -> dict[str, Any]:
    """A valid POST /vehicles/{id}/enrolments body, licence included (for cars registered without one)."""
    return {
        "held_since": "2025-06-01",
        "purchase_channel": "private_sale",
        "owner_kind": "individual",
        "licence_photo": base64.b64encode(photo_bytes()).decode(),
        "licence": {
            "registered_owner_name": "段小明",
            "vehicle_type": "小型轿车",
            "use_type": "private",
            "registration_date": "2019-01-01",
            "issue_date": "2019-01-05",
        },
    } | overrides
