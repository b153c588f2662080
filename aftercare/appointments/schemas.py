"""API shapes for bookings. Addresses and names leave masked."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import StrictInt

from aftercare.appointments.models import Appointment, ServiceType
from aftercare.kernel import masking
from aftercare.kernel.api import MAX_ID


class ServiceTypeOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    description: str
    description_en: str
    duration_minutes: int
    skill: str
    min_level: str
    job_type: str

    @staticmethod
    def resolve_skill(obj: ServiceType) -> str:
        return obj.skill_code


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class StoreSlotsOut(Schema):
    store_id: int
    store_name: str
    store_name_en: str
    city: str
    district: str
    address: str
    phone: str
    distance_km: float
    slots: list[SlotOut]


class PickupIn(Schema):
    pickup_address: str = Field("", max_length=400)
    delivery_address: str = Field("", max_length=400)


class BookIn(Schema):
    vehicle_id: StrictInt = Field(ge=1, le=MAX_ID)
    store_id: StrictInt = Field(ge=1, le=MAX_ID)
    service_type_id: StrictInt = Field(ge=1, le=MAX_ID)
    starts_at: dt.datetime
    concerns: str = Field("", max_length=1000)
    pickup: PickupIn | None = None
    bay_id: StrictInt | None = Field(None, ge=1, le=MAX_ID, description="Staff only: hold this bay.")


class RescheduleIn(Schema):
    starts_at: dt.datetime


class CancelIn(Schema):
    reason: str = Field(max_length=400)


class PickupOut(Schema):
    pickup_address_masked: str
    delivery_address_masked: str
    driver_name: str | None


class AppointmentOut(Schema):
    id: int
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    store_id: int
    store_name: str
    bay_code: str
    technician_name: str | None
    service_type_id: int
    service_type_code: str
    service_type_name: str
    vehicle_id: int
    vehicle_plate: str
    owner_name_masked: str
    channel: str
    concerns: str
    cancel_reason: str
    reschedule_count: int
    pickup: PickupOut | None

    @staticmethod
    def resolve_store_name(obj: Appointment) -> str:
        return obj.store.name

    @staticmethod
    def resolve_bay_code(obj: Appointment) -> str:
        return obj.bay.code

    @staticmethod
    def resolve_technician_name(obj: Appointment) -> str | None:
        return obj.technician.display_name if obj.technician else None

    @staticmethod
    def resolve_service_type_code(obj: Appointment) -> str:
        return obj.service_type.code

    @staticmethod
    def resolve_service_type_name(obj: Appointment) -> str:
        return obj.service_type.name

    @staticmethod
    def resolve_vehicle_plate(obj: Appointment) -> str:
        return obj.vehicle.plate

    @staticmethod
    def resolve_owner_name_masked(obj: Appointment) -> str:
        return masking.mask_name(obj.owner.name)

    @staticmethod
    def resolve_pickup(obj: Appointment) -> PickupOut | None:
        pickup = getattr(obj, "pickup", None)
        if pickup is None:
            return None
        return PickupOut(
            pickup_address_masked=masking.mask_address(pickup.pickup_address) if pickup.pickup_address else "",
            delivery_address_masked=masking.mask_address(pickup.delivery_address) if pickup.delivery_address else "",
            driver_name=pickup.driver.display_name if pickup.driver else None,
        )
