"""Opening work orders: booked online (with the appointment, in one transaction), or at the tablet check-in
(for a booking or a walk-in): odometer through the vehicles service, fuel level, photos, the owner's concerns."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aftercare.appointments.choices import AppointmentStatus
from aftercare.appointments.models import Appointment
from aftercare.appointments.selectors import appointment_get
from aftercare.appointments.services import PickupInput, appointment_book, appointment_check_in
from aftercare.kernel.clock import Clock, FixedClock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.choices import StaffRole
from aftercare.network.models import Staff
from aftercare.vehicles.inputs import FieldErrors, km_clean
from aftercare.vehicles.selectors import current_ownership, vehicle_get
from aftercare.vehicles.services import odometer_record
from aftercare.workorders import errors, selectors
from aftercare.workorders.choices import ActivityKind, FuelLevel, MediaPurpose, WorkOrderState
from aftercare.workorders.media import CleanMedia, image_clean
from aftercare.workorders.models import Attachment, JobType, WorkOrder
from aftercare.workorders.services.core import locked, log, require, transition

MAX_CHECK_IN_PHOTOS = 8
MAX_CONCERNS = 1000


def _number(work_order: WorkOrder, now: dt.datetime) -> str:
    return f"WO{now:%y%m%d}{work_order.pk:06d}"


def _advisor_of(actor: Actor) -> int | None:
    if actor.staff_id is None:
        return None
    role = Staff.objects.filter(pk=actor.staff_id).values_list("role", flat=True).first()
    return actor.staff_id if role in (StaffRole.ADVISOR, StaffRole.MANAGER) else None


def _open(
    *,
    actor: Actor,
    store_id: int,
    dealer_group_id: int,
    vehicle_id: int,
    owner_id: int | None,
    job_type: JobType,
    now: dt.datetime,
    **fields: Any,
) -> WorkOrder:
    if selectors.open_work_order_for_vehicle(vehicle_id=vehicle_id) is not None:
        raise errors.vehicle_busy()
    work_order = WorkOrder.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:20]}",
        dealer_group_id=dealer_group_id,
        store_id=store_id,
        vehicle_id=vehicle_id,
        owner_id=owner_id,
        job_type=job_type,
        advisor_id=_advisor_of(actor),
        **fields,
    )
    work_order.number = _number(work_order, now)
    work_order.save(update_fields=["number"])
    log(work_order, ActivityKind.CREATED, actor, now)
    return work_order


def _job_type_for(appointment: Appointment) -> JobType:
    found = selectors.job_type_for_service(
        service_type_code=appointment.service_type.code, category=_category(appointment.service_type.job_type)
    )
    return found or JobType.objects.filter(is_active=True).order_by("code").first()  # type: ignore[return-value]


def _category(appointment_job_type: str) -> str:
    """The appointments app's repair class names differ slightly from ours."""
    return {
        "overhaul": "assembly_overhaul",
        "level2_maintenance": "level_2_maintenance",
        "level1_maintenance": "level_1_maintenance",
    }.get(appointment_job_type, appointment_job_type)


def _from_appointment(actor: Actor, appointment: Appointment, now: dt.datetime) -> WorkOrder:
    return _open(
        actor=actor,
        store_id=appointment.store_id,
        dealer_group_id=appointment.store.dealer_group_id,
        vehicle_id=appointment.vehicle_id,
        owner_id=appointment.owner_id,
        job_type=_job_type_for(appointment),
        now=now,
        appointment_id=appointment.pk,
        booked_for=appointment.starts_at,
        technician_id=appointment.technician_id,
        concerns=appointment.concerns,
    )


@transaction.atomic
def work_order_book(
    *,
    actor: Actor,
    vehicle_id: int,
    store_id: int,
    service_type_id: int,
    starts_at: dt.datetime | None,
    pickup: PickupInput | None = None,
    concerns: str = "",
    bay_id: int | None = None,
    channel: str | None = None,
    clock: Clock = system_clock,
) -> WorkOrder:
    """Book a service: the appointment (bay and technician held) and its work order, in one transaction."""
    appointment = appointment_book(
        actor=actor,
        vehicle_id=vehicle_id,
        store_id=store_id,
        service_type_id=service_type_id,
        starts_at=starts_at,
        pickup=pickup,
        concerns=concerns,
        bay_id=bay_id,
        channel=channel,
        clock=clock,
    )
    return _from_appointment(actor, appointment, clock.now())


def work_order_for_appointment(*, actor: Actor, appointment_id: int, clock: Clock = system_clock) -> WorkOrder:
    """The booking's work order, opened now when the booking was made without one (e.g. by phone)."""
    appointment = appointment_get(actor=actor, appointment_id=appointment_id)
    existing = WorkOrder.objects.filter(appointment_id=appointment.pk).first()
    if existing is not None:
        return existing
    require(actor, "workorders.check_in")
    return _from_appointment(actor, appointment, clock.now())


@dataclass(frozen=True)
class CheckInInput:
    """What the advisor records on the tablet when the car arrives."""

    odometer_km: int | None
    fuel_level: str
    concerns: str = ""
    job_type_id: int | None = None
    photos: Sequence[Any] = field(default_factory=tuple)


def _check_in_problems(data: CheckInInput, problems: FieldErrors) -> list[CleanMedia]:
    problems_km: FieldErrors = {}
    km_clean(data.odometer_km, problems_km, required=True)
    if problems_km:
        problems["odometer_km"] = problems_km["km"]
    if data.fuel_level not in FuelLevel.values:
        problems.setdefault("fuel_level", []).append(_("Choose the fuel level."))
    if len(data.concerns) > MAX_CONCERNS:
        problems.setdefault("concerns", []).append(_("Keep the concerns under 1,000 characters."))
    if data.job_type_id is not None and not JobType.objects.filter(pk=data.job_type_id, is_active=True).exists():
        problems.setdefault("job_type_id", []).append(_("Choose a job type from the list."))
    if len(data.photos) > MAX_CHECK_IN_PHOTOS:
        problems.setdefault("photos", []).append(_("Add at most 8 photos."))
        return []
    cleaned = []
    for upload in data.photos:
        media, reason = image_clean(upload)
        if media is None:
            problems.setdefault("photos", []).append(f"{getattr(upload, 'name', '')}: {reason}")
        else:
            cleaned.append(media)
    return cleaned


def store_media(
    work_order: WorkOrder, media: CleanMedia, purpose: str, actor: Actor, now: dt.datetime, **kw: Any
) -> Attachment:
    """Save one checked upload for a work order."""
    attachment = Attachment(
        work_order=work_order,
        purpose=purpose,
        content_type=media.content_type,
        size=media.size,
        width=media.width,
        height=media.height,
        uploaded_by_id=actor.user_id,
        uploaded_at=now,
        **kw,
    )
    attachment.file.save(media.content.name or "upload", media.content, save=False)
    attachment.save()
    return attachment


def _check_in(
    actor: Actor, work_order: WorkOrder, data: CheckInInput, photos: list[CleanMedia], now: dt.datetime
) -> WorkOrder:
    reading = odometer_record(
        actor=actor,
        vehicle_id=work_order.vehicle_id,
        km=data.odometer_km,
        read_at=now,
        source="check_in",
        clock=FixedClock(now),
    )
    work_order.odometer_km = reading.km
    work_order.odometer_reading = reading
    work_order.fuel_level = data.fuel_level
    work_order.checked_in_at = now
    if data.concerns.strip():
        work_order.concerns = data.concerns.strip()
    if data.job_type_id is not None:
        work_order.job_type_id = data.job_type_id
    if work_order.advisor_id is None:
        work_order.advisor_id = _advisor_of(actor)
    work_order.save()
    for media in photos:
        store_media(work_order, media, MediaPurpose.WALK_AROUND, actor, now)
    note = gettext_noop("Odometer reading flagged: check for a rollback.") if reading.flag else ""
    log(work_order, ActivityKind.CHECK_IN, actor, now, note=note)
    if work_order.appointment_id:
        status = Appointment.objects.filter(pk=work_order.appointment_id).values_list("status", flat=True).first()
        if status == AppointmentStatus.BOOKED:
            appointment_check_in(actor=actor, appointment_id=work_order.appointment_id)
    return transition(actor, work_order, WorkOrderState.CHECKED_IN, now)


def _validated(actor: Actor, data: CheckInInput) -> list[CleanMedia]:
    require(actor, "workorders.check_in")
    problems: FieldErrors = {}
    photos = _check_in_problems(data, problems)
    if problems:
        raise errors.invalid_input(problems)
    return photos


@transaction.atomic
def work_order_check_in(
    *, actor: Actor, work_order_id: int, data: CheckInInput, clock: Clock = system_clock
) -> WorkOrder:
    """Check a booked car in on the tablet: all recorded, then booked → checked in; nothing kept on error."""
    work_order = locked(actor, work_order_id)
    photos = _validated(actor, data)
    if work_order.status != WorkOrderState.BOOKED:
        raise errors.wrong_state(_("This car has already been checked in."))
    return _check_in(actor, work_order, data, photos, clock.now())


@transaction.atomic
def work_order_walk_in(*, actor: Actor, vehicle_id: int, data: CheckInInput, clock: Clock = system_clock) -> WorkOrder:
    """A car that arrives without a booking: open a work order at the advisor's store and check it in."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    photos = _validated(actor, data)
    if actor.kind != ActorKind.STAFF or actor.store_id is None or actor.dealer_group_id is None:
        raise errors.not_allowed()
    if data.job_type_id is None:
        raise errors.invalid_input({"job_type_id": [_("Choose a job type from the list.")]})
    ownership = current_ownership(vehicle)
    if ownership is None:
        raise errors.no_owner()
    now = clock.now()
    work_order = _open(
        actor=actor,
        store_id=actor.store_id,
        dealer_group_id=actor.dealer_group_id,
        vehicle_id=vehicle.pk,
        owner_id=ownership.owner_id,
        job_type=JobType.objects.get(pk=data.job_type_id),
        now=now,
    )
    work_order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
    return _check_in(actor, work_order, data, photos, now)
