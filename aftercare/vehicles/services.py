"""Writes about vehicles: registration, specification, transfers and odometer readings, with history or audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.audit.services import audit_record
from aftercare.history.choices import HistoryEventType
from aftercare.history.selectors import odometer_break_times
from aftercare.history.services import event_record
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.services import customer_ensure
from aftercare.notifications.services import inbox_post
from aftercare.owners.services import owner_get_or_create, owner_input_problems
from aftercare.vehicles import errors, inputs, rules
from aftercare.vehicles.choices import OdometerSource, OwnershipSource
from aftercare.vehicles.inputs import FieldErrors, LicenceInput, SpecificationInput
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleLicence
from aftercare.vehicles.selectors import current_ownership, vehicle_by_vin, vehicle_get, wmi_lookup


@dataclass(frozen=True)
class OwnerInput:
    """The owner's contact as staff type it at registration or transfer."""

    phone: str
    name: str


def _owner_problems(owner: OwnerInput, problems: FieldErrors) -> None:
    for name, msgs in owner_input_problems(phone=owner.phone, name=owner.name).items():
        problems.setdefault(f"owner_{name}", []).extend(msgs)


def _require(actor: Actor, permission: str) -> None:
    if actor.kind == ActorKind.OWNER:
        return
    if not actor.can(permission):
        raise errors.not_allowed()


@transaction.atomic
def vehicle_register(
    *,
    actor: Actor,
    vin: str,
    plate: str,
    licence: LicenceInput | None,
    owner: OwnerInput | None = None,
    owned_since: dt.date | None = None,
    odometer_km: int | None = None,
    specification: SpecificationInput | None = None,
    clock: Clock = system_clock,
) -> Vehicle:
    """Register a car for an owner (from the portal) or for a store's customer (staff). All or nothing."""
    _require(actor, "vehicles.register_vehicle")
    now = clock.now()
    today = timezone.localdate(now)
    problems: FieldErrors = {}
    decoded = inputs.vin_clean(vin, today, problems)
    plate_check = inputs.plate_clean(plate, problems, required=actor.kind == ActorKind.OWNER)
    if licence is not None:
        inputs.licence_clean(licence, today, problems)
    if actor.kind != ActorKind.OWNER:
        if owner is None:
            owner = OwnerInput(phone="", name="")
        _owner_problems(owner, problems)
    inputs.km_clean(odometer_km, problems, required=False)
    spec = specification or SpecificationInput()
    inputs.specification_clean(spec, problems)
    if owned_since is not None and owned_since > today:
        problems.setdefault("owned_since", []).append(_("The purchase date cannot be in the future."))
    if problems or decoded is None:
        raise errors.invalid_input(problems)

    owner_id = _owner_for(actor, owner)
    existing = vehicle_by_vin(vin=decoded.vin)
    started = owned_since or (licence.issue_date if licence and licence.issue_date else today)
    if existing is None:
        vehicle = _vehicle_create(actor, decoded, plate_check, licence, spec, now)
    else:
        vehicle = _vehicle_take_up(actor, existing, owner_id, plate_check, started, now)
        _specification_fill(vehicle, spec)
    Ownership.objects.create(
        vehicle=vehicle, owner_id=owner_id, started_on=started, source=OwnershipSource.REGISTRATION
    )
    if licence is not None:
        _licence_record(vehicle, licence, plate_check.plate if plate_check else vehicle.plate, actor, now)
    if vehicle.dealer_group_id is not None:
        customer_ensure(dealer_group_id=vehicle.dealer_group_id, owner_id=owner_id, advisor_id=None, since=today)
    if odometer_km is not None:
        source = OdometerSource.OWNER if actor.kind == ActorKind.OWNER else OdometerSource.CHECK_IN
        _odometer_add(vehicle, odometer_km, now, source, actor, note="")
    return vehicle


def _owner_for(actor: Actor, owner: OwnerInput | None) -> int:
    if actor.kind == ActorKind.OWNER and actor.owner_id is not None:
        return actor.owner_id
    assert owner is not None
    record, _ = owner_get_or_create(phone=owner.phone, name=owner.name)
    return record.pk


def _vehicle_take_up(  # type: ignore[no-untyped-def]
    actor: Actor, existing: Vehicle, owner_id: int, plate_check, started: dt.date, now: dt.datetime
) -> Vehicle:
    """A known VIN with no current owner gets one; the change is a history event like any other."""
    group_before = existing.dealer_group_id
    vehicle = _vehicle_claim(actor, existing, owner_id)
    plate_changed = plate_check is not None and vehicle.plate != plate_check.plate
    if plate_changed:
        _plate_set(vehicle, plate_check)
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.OWNERSHIP_REGISTERED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "to_owner": owner_id,
            "started_on": started.isoformat(),
            "plate_changed": plate_changed,
            "dealer_group": vehicle.dealer_group_id if vehicle.dealer_group_id != group_before else None,
            "by": str(actor.kind),
        },
    )
    return vehicle


def _vehicle_claim(actor: Actor, vehicle: Vehicle, owner_id: int) -> Vehicle:
    """An already-known VIN may be taken up only when nobody owns it and no other group holds it."""
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    holder = current_ownership(vehicle)
    if holder is not None:
        if actor.kind == ActorKind.OWNER:
            raise errors.vin_already_yours() if holder.owner_id == owner_id else errors.vin_registered_elsewhere()
        if vehicle.dealer_group_id in (None, actor.dealer_group_id) or actor.kind == ActorKind.OPERATOR:
            raise errors.vin_already_registered()
        raise errors.vin_in_other_group()
    if actor.kind == ActorKind.STAFF and vehicle.dealer_group_id not in (None, actor.dealer_group_id):
        raise errors.vin_in_other_group()
    if vehicle.dealer_group_id is None and actor.kind == ActorKind.STAFF:
        vehicle.dealer_group_id = actor.dealer_group_id
        vehicle.save(update_fields=["dealer_group"])
    return vehicle


def _vehicle_create(actor, decoded, plate_check, licence, spec, now) -> Vehicle:  # type: ignore[no-untyped-def]
    wmi = wmi_lookup(wmi=decoded.wmi or "")
    brand, model = rules.split_brand_model(licence.brand_model) if licence else ("", "")
    try:
        with transaction.atomic():
            vehicle = Vehicle.objects.create(
                vin=decoded.vin,
                wmi=decoded.wmi or "",
                manufacturer=wmi.manufacturer if wmi else "",
                brand=brand[:50],
                model=model[:100],
                model_year=decoded.model_year,
                plate=plate_check.plate if plate_check else "",
                plate_kind=plate_check.kind if plate_check else "",
                dealer_group_id=actor.dealer_group_id if actor.kind == ActorKind.STAFF else None,
                **spec.cleaned(),
            )
    except IntegrityError as exc:
        # Someone registered the same VIN a moment ago, or the plate is on another car.
        if Vehicle.objects.filter(vin=decoded.vin).exists():
            raise errors.vin_already_registered() from exc
        raise errors.plate_taken() from exc
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.VEHICLE_REGISTERED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={"vin": vehicle.vin, "wmi": vehicle.wmi, "model_year": vehicle.model_year, "by": str(actor.kind)},
    )
    return vehicle


def _specification_fill(vehicle: Vehicle, spec: SpecificationInput) -> None:
    """A known car taken up again keeps the specification it has; what was blank is filled in from the form."""
    values = spec.cleaned()
    blanks = [
        name for name, value in values.items() if value not in ("", None) and getattr(vehicle, name) in ("", None)
    ]
    for name in blanks:
        setattr(vehicle, name, values[name])
    if blanks:
        vehicle.save(update_fields=blanks)


@transaction.atomic
def vehicle_specification_set(*, actor: Actor, vehicle_id: int, specification: SpecificationInput) -> Vehicle:
    """Set or correct a car's fuel type, transmission and displacement (all three replaced); audited when changed."""
    if actor.kind == ActorKind.OWNER or not actor.can("vehicles.register_vehicle"):
        raise errors.not_allowed()
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    problems: FieldErrors = {}
    inputs.specification_clean(specification, problems)
    if problems:
        raise errors.invalid_input(problems)
    locked = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    values = specification.cleaned()
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, values[name])
        setattr(vehicle, name, values[name])
    if changed:
        locked.save(update_fields=changed)
        assert actor.user_id is not None  # staff and operators always act as a user
        audit_record(
            actor_user_id=actor.user_id,
            action="vehicle.specification_set",
            object_type="vehicle",
            object_id=locked.pk,
            fields=changed,
            dealer_group_id=locked.dealer_group_id,
        )
    return vehicle


def _plate_set(vehicle: Vehicle, plate_check) -> None:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            vehicle.plate, vehicle.plate_kind = plate_check.plate, plate_check.kind
            vehicle.save(update_fields=["plate", "plate_kind"])
    except IntegrityError as exc:
        raise errors.plate_taken() from exc


def _licence_record(vehicle: Vehicle, lic: LicenceInput, plate: str, actor: Actor, now: dt.datetime) -> VehicleLicence:
    assert lic.registration_date is not None and lic.issue_date is not None
    record = VehicleLicence.objects.create(
        vehicle=vehicle,
        registered_owner_name=lic.registered_owner_name.strip(),
        plate=plate,
        vehicle_type=lic.vehicle_type.strip(),
        use_type=lic.use_type,
        brand_model=lic.brand_model.strip(),
        engine_number=lic.engine_number.strip(),
        registration_date=lic.registration_date,
        issue_date=lic.issue_date,
    )
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.LICENCE_RECORDED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "use_type": record.use_type,
            "vehicle_type": record.vehicle_type,
            "registration_date": record.registration_date.isoformat(),
            "issue_date": record.issue_date.isoformat(),
        },
    )
    return record


@transaction.atomic
def vehicle_transfer(
    *,
    actor: Actor,
    vehicle_id: int,
    new_owner: OwnerInput,
    transferred_on: dt.date | None,
    odometer_km: int | None = None,
    clock: Clock = system_clock,
) -> Ownership:
    """Record a change of owner (过户): the old period ends, the new owner's contact replaces the old one."""
    if actor.kind == ActorKind.OWNER or not actor.can("vehicles.transfer_ownership"):
        raise errors.not_allowed()
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    now = clock.now()
    today = timezone.localdate(now)
    problems: FieldErrors = {}
    _owner_problems(new_owner, problems)
    inputs.km_clean(odometer_km, problems, required=False)
    previous = Ownership.objects.select_for_update().filter(vehicle=vehicle, ended_on__isnull=True).first()
    if transferred_on is None:
        problems.setdefault("transferred_on", []).append(_("Enter the transfer date."))
    elif transferred_on > today:
        problems.setdefault("transferred_on", []).append(_("The transfer date cannot be in the future."))
    elif previous is not None and transferred_on < previous.started_on:
        problems.setdefault("transferred_on", []).append(
            _("The transfer date cannot be before the current owner's purchase date.")
        )
    if problems or transferred_on is None:
        raise errors.invalid_input(problems)
    new_owner_id = _owner_for(actor, new_owner)
    if previous is not None and previous.owner_id == new_owner_id:
        raise errors.invalid_input({"owner_phone": [_("The new owner is already the current owner.")]})
    if previous is not None:
        previous.ended_on = transferred_on
        previous.save(update_fields=["ended_on"])
    ownership = Ownership.objects.create(
        vehicle=vehicle, owner_id=new_owner_id, started_on=transferred_on, source=OwnershipSource.TRANSFER
    )
    if vehicle.dealer_group_id is not None:
        customer_ensure(dealer_group_id=vehicle.dealer_group_id, owner_id=new_owner_id, advisor_id=None, since=today)
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.OWNERSHIP_TRANSFERRED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "from_owner": previous.owner_id if previous else None,
            "to_owner": new_owner_id,
            "transferred_on": transferred_on.isoformat(),
        },
    )
    if odometer_km is not None:
        _odometer_add(vehicle, odometer_km, now, OdometerSource.TRANSFER, actor, note="")
    _transfer_notify(vehicle, previous, ownership)
    return ownership


def _transfer_notify(vehicle: Vehicle, previous: Ownership | None, ownership: Ownership) -> None:
    if previous is not None and previous.owner.user_id:
        inbox_post(
            recipient_id=previous.owner.user_id,
            kind="ownership_ended",
            title=_("Transfer recorded for %(vin)s") % {"vin": vehicle.vin[-6:]},
            body=_("The car has passed to its new owner and no longer appears in your garage."),
        )
    if ownership.owner.user_id:
        inbox_post(
            recipient_id=ownership.owner.user_id,
            kind="ownership_started",
            title=_("Welcome: %(vin)s is now in your garage") % {"vin": vehicle.vin[-6:]},
            body=_("Your store recorded the transfer. You can see the car's service history here."),
            link=f"/my/vehicles/{vehicle.pk}/",
        )


@transaction.atomic
def odometer_record(
    *,
    actor: Actor,
    vehicle_id: int,
    km: int | None,
    read_at: dt.datetime | None = None,
    source: str | None = None,
    note: str = "",
    clock: Clock = system_clock,
) -> OdometerReading:
    """Record a reading; one that contradicts earlier trusted readings is kept and flagged, never dropped."""
    _require(actor, "vehicles.record_odometer")
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    now = clock.now()
    problems: FieldErrors = {}
    inputs.km_clean(km, problems, required=True)
    if read_at is not None and read_at > now + dt.timedelta(minutes=5):
        problems.setdefault("read_at", []).append(_("The reading time cannot be in the future."))
    if len(note) > 200:
        problems.setdefault("note", []).append(_("Keep the note under 200 characters."))
    if problems or km is None:
        raise errors.invalid_input(problems)
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    default_source = OdometerSource.OWNER if actor.kind == ActorKind.OWNER else OdometerSource.CHECK_IN
    chosen = source if source in OdometerSource.values and actor.kind != ActorKind.OWNER else default_source
    return _odometer_add(vehicle, km, read_at or now, chosen, actor, note=note)


def _odometer_add(
    vehicle: Vehicle, km: int, read_at: dt.datetime, source: str, actor: Actor, *, note: str
) -> OdometerReading:
    history = [
        rules.Reading(id=r.pk, km=r.km, read_at=r.read_at, flagged=bool(r.flag))
        for r in OdometerReading.objects.filter(vehicle=vehicle).only("id", "km", "read_at", "flag")
    ]
    breaks = odometer_break_times(vehicle_id=vehicle.pk)
    verdict = rules.odometer_check(km, read_at, history, breaks)
    reading = OdometerReading.objects.create(
        vehicle=vehicle,
        km=km,
        read_at=read_at,
        source=source,
        recorded_by_id=actor.user_id,
        flag=verdict.flag,
        conflicts_with_id=verdict.conflicts_with,
        note=note.strip(),
    )
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.ODOMETER_RECORDED,
        occurred_at=read_at,
        actor_user_id=actor.user_id,
        payload={"km": km, "source": source, "flag": verdict.flag, "reading": reading.pk},
    )
    return reading


@transaction.atomic
def odometer_break_record(
    *,
    actor: Actor,
    vehicle_id: int,
    reason: str,
    km_after: int | None,
    km_before: int | None = None,
    at: dt.datetime | None = None,
    clock: Clock = system_clock,
) -> OdometerReading:
    """Record a legitimate odometer break (for example an instrument cluster replaced) and the new baseline.

    Writes an ODOMETER_BREAK history event with the reason and the readings before and after; the old
    cluster's last reading (if given) is checked against the old baseline, later readings against the new one.
    Returns the first reading of the new baseline.
    """
    if actor.kind == ActorKind.OWNER or not actor.can("vehicles.record_odometer"):
        raise errors.not_allowed()
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    now = clock.now()
    moment = at or now
    problems = _break_problems(reason, km_before, km_after, moment, now)
    if problems or km_after is None:
        raise errors.invalid_input(problems)
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    if km_before is not None:
        last_moment = moment - dt.timedelta(seconds=1)
        _odometer_add(vehicle, km_before, last_moment, OdometerSource.CHECK_IN, actor, note=_("Before the break"))
    event_record(
        vehicle_id=vehicle.pk,
        event_type=HistoryEventType.ODOMETER_BREAK,
        occurred_at=moment,
        actor_user_id=actor.user_id,
        payload={"reason": reason.strip(), "km_before": km_before, "km_after": km_after},
    )
    return _odometer_add(
        vehicle, km_after, moment, OdometerSource.CHECK_IN, actor, note=_("New baseline after the break")
    )


def _break_problems(
    reason: str, km_before: int | None, km_after: int | None, moment: dt.datetime, now: dt.datetime
) -> FieldErrors:
    problems: FieldErrors = {}
    if not reason.strip():
        problems["reason"] = [_("Say why the odometer changed, for example which part was replaced.")]
    elif len(reason.strip()) > 200:
        problems["reason"] = [_("Keep the reason under 200 characters.")]
    for name, value, required in (("km_after", km_after, True), ("km_before", km_before, False)):
        found: FieldErrors = {}
        inputs.km_clean(value, found, required=required)
        if found:
            problems[name] = found["km"]
    if moment > now + dt.timedelta(minutes=5):
        problems["at"] = [_("The time of the break cannot be in the future.")]
    return problems
