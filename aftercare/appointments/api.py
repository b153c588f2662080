"""Booking endpoints: parse → authorize → one service or selector → schema."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field as NField
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from aftercare.appointments import selectors, services
from aftercare.appointments.models import Appointment, ServiceType
from aftercare.appointments.schemas import (
    AppointmentOut,
    BookIn,
    CancelIn,
    RescheduleIn,
    ServiceTypeOut,
    SlotOut,
    StoreSlotsOut,
)
from aftercare.kernel.api import MAX_ID, ObjectId, Page
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of

router = Router()
_NESTED = {"pickup_address": "pickup.pickup_address", "delivery_address": "pickup.delivery_address"}


class SlotQuery(Schema):
    latitude: float = NField(ge=-90, le=90)
    longitude: float = NField(ge=-180, le=180)
    date_from: dt.date
    date_to: dt.date
    service_type_id: int = NField(ge=1, le=MAX_ID)
    limit: int = NField(5, ge=1, le=20)


class ListQuery(Schema):
    store_id: int | None = NField(None, ge=1, le=MAX_ID)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = NField(None, max_length=16)


@router.get("/service-types", response=list[ServiceTypeOut], summary="Bookable service types")
def service_type_list(request: HttpRequest) -> list[ServiceType]:
    return list(selectors.service_type_list())


@router.get("/appointments/slots", response=list[StoreSlotsOut], summary="Nearest stores with free slots")
def slot_search(request: HttpRequest, q: Query[SlotQuery]) -> list[StoreSlotsOut]:
    found = selectors.slot_search(
        actor=actor_of(request),
        latitude=q.latitude,
        longitude=q.longitude,
        date_from=q.date_from,
        date_to=q.date_to,
        service_type_id=q.service_type_id,
        limit=q.limit,
    )
    return [
        StoreSlotsOut(
            store_id=r.store.pk,
            store_name=r.store.name,
            store_name_en=r.store.name_en,
            city=r.store.city,
            district=r.store.district,
            address=r.store.address,
            phone=r.store.phone,
            distance_km=r.distance_km,
            slots=[SlotOut(starts_at=s.starts_at, ends_at=s.ends_at) for s in r.slots],
        )
        for r in found
    ]


@router.get("/appointments", response=list[AppointmentOut], summary="My bookings (owner) or the group's (staff)")
@paginate(Page)
def appointment_list(request: HttpRequest, q: Query[ListQuery]) -> QuerySet[Appointment]:
    return selectors.appointment_list(
        actor=actor_of(request),
        store_id=q.store_id,
        date_from=q.date_from,
        date_to=q.date_to,
        statuses=[q.status] if q.status else (),
    )


@router.post("/appointments", response={201: AppointmentOut}, summary="Book a service (holds a bay slot)")
def appointment_book(request: HttpRequest, payload: BookIn) -> Status[Appointment]:
    pickup = payload.pickup
    try:
        appointment = services.appointment_book(
            actor=actor_of(request),
            vehicle_id=payload.vehicle_id,
            store_id=payload.store_id,
            service_type_id=payload.service_type_id,
            starts_at=payload.starts_at,
            concerns=payload.concerns,
            pickup=services.PickupInput(**pickup.dict()) if pickup else None,
            bay_id=payload.bay_id,
            channel="api",
        )
    except DomainError as exc:
        # The service names the flat page-form fields; the API nests the addresses under `pickup`.
        exc.fields = {_NESTED.get(name, name): msgs for name, msgs in exc.fields.items()}
        raise
    return Status(201, selectors.appointment_get(actor=actor_of(request), appointment_id=appointment.pk))


@router.get("/appointments/{appointment_id}", response=AppointmentOut, summary="One booking")
def appointment_get(request: HttpRequest, appointment_id: ObjectId) -> Appointment:
    return selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)


@router.post("/appointments/{appointment_id}/reschedule", response=AppointmentOut, summary="Move a booking")
def appointment_reschedule(request: HttpRequest, appointment_id: ObjectId, payload: RescheduleIn) -> Appointment:
    services.appointment_reschedule(actor=actor_of(request), appointment_id=appointment_id, starts_at=payload.starts_at)
    return selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)


@router.post("/appointments/{appointment_id}/cancel", response=AppointmentOut, summary="Cancel a booking")
def appointment_cancel(request: HttpRequest, appointment_id: ObjectId, payload: CancelIn) -> Appointment:
    services.appointment_cancel(actor=actor_of(request), appointment_id=appointment_id, reason=payload.reason)
    return selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)


@router.post("/appointments/{appointment_id}/no-show", response=AppointmentOut, summary="Record a no-show (staff)")
def appointment_no_show(request: HttpRequest, appointment_id: ObjectId) -> Appointment:
    services.appointment_no_show(actor=actor_of(request), appointment_id=appointment_id)
    return selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
