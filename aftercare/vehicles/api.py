"""Vehicle endpoints: parse → authorize → one service or selector → schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from aftercare.history.models import HistoryEvent
from aftercare.history.selectors import history_event_list
from aftercare.kernel.api import ObjectId, Page, query_text
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.vehicles import selectors, services
from aftercare.vehicles.inputs import LicenceInput, SpecificationInput
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle
from aftercare.vehicles.schemas import (
    HistoryEventOut,
    OdometerIn,
    OdometerOut,
    OwnershipOut,
    SpecificationIn,
    TransferIn,
    VehicleIn,
    VehicleOut,
    VinCheckOut,
)
from aftercare.vehicles.vincheck import vin_check

router = Router()

# Services name fields after the flat page forms; the API names them after its nested request bodies.
_REGISTER_FIELDS = {
    "owner_phone": "owner.phone",
    "owner_name": "owner.name",
    **{f: f"licence.{f}" for f in ("registered_owner_name", "vehicle_type", "use_type", "registration_date")},
    "issue_date": "licence.issue_date",
    "km": "odometer_km",
}
_TRANSFER_FIELDS = {"owner_phone": "new_owner.phone", "owner_name": "new_owner.name", "km": "odometer_km"}


def _specification(payload: SpecificationIn) -> SpecificationInput:
    return SpecificationInput(
        fuel_type=payload.fuel_type or "",
        transmission=payload.transmission or "",
        displacement_l=payload.displacement_l,
    )


@contextmanager
def _fields_renamed(mapping: dict[str, str]) -> Iterator[None]:
    try:
        yield
    except DomainError as exc:
        exc.fields = {mapping.get(name, name): msgs for name, msgs in exc.fields.items()}
        raise


@router.get(
    "/vehicles", response=list[VehicleOut], summary="List or search vehicles (VIN, last 6 of VIN, plate, phone)"
)
@paginate(Page)
def vehicle_list(request: HttpRequest, q: str = "") -> QuerySet[Vehicle]:
    query = query_text(q, field="q", max_length=40)
    return selectors.vehicle_list(actor=actor_of(request), query=query)


@router.post("/vehicles", response={201: VehicleOut}, summary="Register a vehicle")
def vehicle_register(request: HttpRequest, payload: VehicleIn) -> Status[Vehicle]:
    lic = payload.licence
    with _fields_renamed(_REGISTER_FIELDS):
        vehicle = services.vehicle_register(
            actor=actor_of(request),
            vin=payload.vin,
            plate=payload.plate,
            licence=LicenceInput(**lic.dict()) if lic else None,
            owner=services.OwnerInput(phone=payload.owner.phone, name=payload.owner.name) if payload.owner else None,
            owned_since=payload.owned_since,
            odometer_km=payload.odometer_km,
            specification=_specification(payload),
        )
    return Status(201, (selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle.pk)))


@router.get("/vehicles/{vehicle_id}", response=VehicleOut, summary="One vehicle")
def vehicle_get(request: HttpRequest, vehicle_id: ObjectId) -> Vehicle:
    return selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)


@router.put(
    "/vehicles/{vehicle_id}/specification",
    response=VehicleOut,
    summary="Set or correct the fuel type, transmission and engine displacement (all three are replaced)",
)
def vehicle_specification_set(request: HttpRequest, vehicle_id: ObjectId, payload: SpecificationIn) -> Vehicle:
    actor = actor_of(request)
    services.vehicle_specification_set(actor=actor, vehicle_id=vehicle_id, specification=_specification(payload))
    return selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)


@router.post("/vehicles/{vehicle_id}/transfer", response={201: OwnershipOut}, summary="Record an ownership transfer")
def vehicle_transfer(request: HttpRequest, vehicle_id: ObjectId, payload: TransferIn) -> Status[Ownership]:
    with _fields_renamed(_TRANSFER_FIELDS):
        ownership = services.vehicle_transfer(
            actor=actor_of(request),
            vehicle_id=vehicle_id,
            new_owner=services.OwnerInput(phone=payload.new_owner.phone, name=payload.new_owner.name),
            transferred_on=payload.transferred_on,
            odometer_km=payload.odometer_km,
        )
    return Status(201, ownership)


@router.get("/vehicles/{vehicle_id}/ownerships", response=list[OwnershipOut], summary="Ownership periods")
def ownership_list(request: HttpRequest, vehicle_id: ObjectId) -> list[Ownership]:
    vehicle = selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return list(selectors.ownership_list(vehicle=vehicle))


@router.get("/vehicles/{vehicle_id}/odometer", response=list[OdometerOut], summary="Odometer readings, flags included")
def odometer_list(request: HttpRequest, vehicle_id: ObjectId) -> list[OdometerReading]:
    vehicle = selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return list(selectors.odometer_list(vehicle=vehicle))


@router.post("/vehicles/{vehicle_id}/odometer", response={201: OdometerOut}, summary="Record an odometer reading")
def odometer_record(request: HttpRequest, vehicle_id: ObjectId, payload: OdometerIn) -> Status[OdometerReading]:
    reading = services.odometer_record(
        actor=actor_of(request),
        vehicle_id=vehicle_id,
        km=payload.km,
        read_at=payload.read_at,
        source=payload.source,
        note=payload.note,
    )
    return Status(201, reading)


@router.get("/vehicles/{vehicle_id}/history", response=list[HistoryEventOut], summary="The vehicle's history events")
def history_list(request: HttpRequest, vehicle_id: ObjectId) -> list[HistoryEvent]:
    vehicle = selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return list(history_event_list(vehicle_id=vehicle.pk)[:200])


@router.get("/vins/{vin}", response=VinCheckOut, summary="Validate and decode a VIN")
def vin_decode(request: HttpRequest, vin: str) -> VinCheckOut:
    return VinCheckOut(**vin_check(vin))
