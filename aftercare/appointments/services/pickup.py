"""Pick-up and delivery (上门取送车): the store assigns a driver; each hand-over records time, odometer, photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from aftercare.appointments import errors
from aftercare.appointments.choices import HANDOVER_ORDER, AppointmentEventKind, AppointmentStatus, HandoverStage
from aftercare.appointments.models import Appointment, HandoverPhoto, PickupDelivery, VehicleHandover
from aftercare.appointments.selectors import appointment_get
from aftercare.appointments.services.booking import _locked, _log, _require_desk
from aftercare.audit.services import audit_record
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.errors import NotFound
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.choices import StaffRole
from aftercare.network.models import Staff
from aftercare.vehicles.services import odometer_record

MAX_PHOTOS = 8
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_KM = 2_000_000
ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)


def _pickup(appointment: Appointment) -> PickupDelivery:
    found = PickupDelivery.objects.select_for_update().filter(appointment=appointment).first()
    if found is None:
        raise errors.no_pickup()
    return found


@transaction.atomic
def driver_assign(
    *, actor: Actor, appointment_id: int, driver_id: int | None, clock: Clock = system_clock
) -> PickupDelivery:
    """Assign (or change) the driver who collects and returns the car: active staff of the booking's store."""
    appointment = _locked(actor, appointment_id)
    if actor.kind == ActorKind.OWNER:
        raise errors.not_allowed()
    _require_desk(actor, appointment.store)
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN):
        raise errors.transition_refused(appointment.get_status_display())
    pickup = _pickup(appointment)
    driver = (
        Staff.objects.filter(pk=driver_id, store_id=appointment.store_id, left_on__isnull=True)
        .exclude(role=StaffRole.OPERATOR)
        .first()
        if driver_id
        else None
    )
    if driver is None:
        raise errors.driver_invalid()
    pickup.driver, pickup.driver_assigned_at = driver, clock.now()
    pickup.save(update_fields=["driver", "driver_assigned_at"])
    _log(appointment, AppointmentEventKind.DRIVER_ASSIGNED, actor, clock.now(), "console", driver=driver.pk)
    return pickup


def stages_needed(pickup: PickupDelivery) -> list[str]:
    """The hand-overs this option involves, in order: both ends of the pick-up trip, both of the delivery."""
    wanted = []
    if pickup.pickup_address:
        wanted += [HandoverStage.PICKUP_FROM_OWNER, HandoverStage.PICKUP_AT_STORE]
    if pickup.delivery_address:
        wanted += [HandoverStage.DELIVERY_FROM_STORE, HandoverStage.DELIVERY_TO_OWNER]
    return [s for s in HANDOVER_ORDER if s in wanted]


def next_stage(pickup: PickupDelivery) -> str | None:
    """The next hand-over to record, or None when all are done."""
    done = set(pickup.handovers.values_list("stage", flat=True))
    return next((s for s in stages_needed(pickup) if s not in done), None)


def _photo_problems(photos: Sequence[File[Any]], problems: dict[str, list[str]]) -> None:
    if not photos:
        problems.setdefault("photos", []).append(_("Add at least one photo of the car."))
    if len(photos) > MAX_PHOTOS:
        problems.setdefault("photos", []).append(_("Add at most %(max)s photos.") % {"max": MAX_PHOTOS})
    for photo in photos[:MAX_PHOTOS]:
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            problems.setdefault("photos", []).append(_("Each photo must be under 10 MB."))
            continue
        try:
            photo.seek(0)
            Image.open(photo).verify()
            photo.seek(0)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            problems.setdefault("photos", []).append(_("%(name)s is not a photo (JPEG or PNG).") % {"name": photo.name})


def _may_hand_over(actor: Actor, appointment: Appointment, pickup: PickupDelivery) -> None:
    if actor.kind == ActorKind.STAFF and pickup.driver_id is not None and actor.staff_id == pickup.driver_id:
        return
    _require_desk(actor, appointment.store)


@transaction.atomic
def handover_record(
    *,
    actor: Actor,
    appointment_id: int,
    stage: str,
    km: int | None,
    photos: Sequence[File[Any]] = (),
    note: str = "",
    clock: Clock = system_clock,
) -> VehicleHandover:
    """Record one hand-over: time, odometer reading (through the vehicles service) and photos."""
    now = clock.now()
    appointment = _locked(actor, appointment_id)
    if actor.kind == ActorKind.OWNER:
        raise errors.not_allowed()
    pickup = _pickup(appointment)
    _may_hand_over(actor, appointment, pickup)
    if appointment.status not in ACTIVE:
        raise errors.transition_refused(appointment.get_status_display())
    if stage not in stages_needed(pickup):
        raise errors.handover_not_needed()
    expected = next_stage(pickup)
    if stage != expected:
        raise errors.handover_out_of_order(HandoverStage(expected).label if expected else "—")
    problems: dict[str, list[str]] = {}
    if km is None:
        problems["km"] = [_("Enter the odometer reading in kilometres.")]
    elif not 0 <= km <= MAX_KM:
        problems["km"] = [_("The odometer reading must be between 0 and 2,000,000 km.")]
    if len(note.strip()) > 200:
        problems["note"] = [_("Use at most %(max)s characters.") % {"max": 200}]
    _photo_problems(list(photos), problems)
    if problems or km is None:
        raise errors.invalid_input(problems)
    reading = _odometer(actor, appointment, km, now, stage)
    handover = VehicleHandover.objects.create(
        pickup=pickup,
        stage=stage,
        odometer_km=km,
        odometer_reading=reading,
        note=note.strip(),
        handed_over_at=now,
        recorded_by_id=actor.user_id,
    )
    for photo in photos:
        HandoverPhoto.objects.create(handover=handover, image=photo)
    _log(appointment, AppointmentEventKind.HANDED_OVER, actor, now, "console", stage=stage, km=km)
    return handover


def _odometer(actor: Actor, appointment: Appointment, km: int, now: dt.datetime, stage: str):  # type: ignore[no-untyped-def]
    """The reading goes into the car's odometer history (flagged there if it contradicts earlier ones)."""
    note = str(HandoverStage(stage).label)
    try:
        with transaction.atomic():
            return odometer_record(actor=actor, vehicle_id=appointment.vehicle_id, km=km, read_at=now, note=note)
    except NotFound:
        # The car's home dealer group is not the store's: the reading stays on the hand-over record only.
        return None


REVEAL_PERMISSION = "owners.reveal_personal_data"


@transaction.atomic
def pickup_addresses_reveal(*, actor: Actor, appointment_id: int, ip_address: str | None = None) -> PickupDelivery:
    """The full pick-up and delivery addresses, for the assigned driver or staff allowed to reveal; audited."""
    appointment = appointment_get(actor=actor, appointment_id=appointment_id)
    if actor.kind == ActorKind.OWNER:
        raise errors.not_allowed()
    pickup = PickupDelivery.objects.filter(appointment=appointment).first()
    if pickup is None:
        raise errors.no_pickup()
    is_driver = actor.staff_id is not None and actor.staff_id == pickup.driver_id
    if not is_driver and not actor.can(REVEAL_PERMISSION):
        raise errors.not_allowed()
    audit_record(
        actor_user_id=actor.user_id or 0,
        action="reveal",
        object_type="appointments.pickupdelivery",
        object_id=pickup.pk,
        fields=["pickup_address", "delivery_address"],
        reason="driver" if is_driver else "pickup_and_delivery",
        dealer_group_id=appointment.store.dealer_group_id,
        ip_address=ip_address,
    )
    return pickup
