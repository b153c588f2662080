"""Writes for bookings: book, reschedule, cancel, no-show, check-in, complete, reminders.

Every booking change takes the store's row lock first, so checking a slot and holding it is one atomic
step under parallel attempts (PostgreSQL row lock; SQLite's IMMEDIATE transactions serialise writers).
On PostgreSQL exclusion constraints back this up: an overlap that slipped through would be refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.appointments import errors, rules
from aftercare.appointments.choices import (
    ALLOWED_TRANSITIONS,
    HOLDING_STATUSES,
    AppointmentChannel,
    AppointmentEventKind,
    AppointmentStatus,
)
from aftercare.appointments.models import Appointment, AppointmentEvent, PickupDelivery, ServiceType
from aftercare.appointments.selectors import (
    appointment_get,
    busy_timelines,
    local_tz,
    policy,
    qualified_bays,
    qualified_technicians,
    service_type_get,
    store_scope,
)
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.choices import StaffRole
from aftercare.network.models import Staff, Store
from aftercare.network.services import customer_ensure
from aftercare.notifications.services import inbox_post
from aftercare.vehicles.selectors import current_ownership, vehicle_get

# Staff who run the front desk may book, move, cancel and check in; technicians only look.
DESK_ROLES = frozenset({StaffRole.ADVISOR, StaffRole.MANAGER})
MAX_CONCERNS = 500
MAX_ADDRESS = 200
MAX_REASON = 200


@dataclass(frozen=True)
class PickupInput:
    """The pick-up and delivery option: where to collect the car and where to return it (either may be empty)."""

    pickup_address: str = ""
    delivery_address: str = ""


def _channel(actor: Actor, channel: str | None) -> str:
    if channel in AppointmentChannel.values:
        return channel
    return AppointmentChannel.PORTAL if actor.kind == ActorKind.OWNER else AppointmentChannel.CONSOLE


def _require_desk(actor: Actor, store: Store) -> None:
    """Front-desk staff of the store's dealer group (or an operator) only."""
    if actor.kind == ActorKind.OPERATOR:
        return
    if actor.kind != ActorKind.STAFF or actor.dealer_group_id != store.dealer_group_id:
        raise errors.not_allowed()
    if actor.staff_id is None:
        raise errors.not_allowed()
    role = Staff.objects.filter(pk=actor.staff_id, left_on__isnull=True).values_list("role", flat=True).first()
    if role not in DESK_ROLES:
        raise errors.not_allowed()


def _clean_text(value: str, limit: int, field: str, problems: dict[str, list[str]]) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        problems.setdefault(field, []).append(_("Use at most %(max)s characters.") % {"max": limit})
    return text


def _check_start(actor: Actor, starts_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if starts_at is None:
        raise errors.invalid_input({"starts_at": [_("Choose a start time.")]})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, local_tz())
    starts_at = starts_at.replace(second=0, microsecond=0)
    pol = policy()
    if starts_at <= now:
        raise errors.starts_in_past()
    if actor.kind == ActorKind.OWNER and starts_at < now + dt.timedelta(minutes=pol.lead_minutes):
        raise errors.too_soon(pol.lead_minutes)
    if starts_at > now + dt.timedelta(days=pol.max_days_ahead):
        raise errors.too_far_ahead(pol.max_days_ahead)
    return starts_at


def _store_for(actor: Actor, store_id: int) -> Store:
    store = Store.objects.filter(store_scope(actor), pk=store_id).first()
    if store is None:
        raise errors.store_not_found()
    return store


def _lock_store(store: Store) -> Store:
    # One booking change per store at a time: the check and the insert below cannot interleave.
    return Store.objects.select_for_update().get(pk=store.pk)


def _hold(
    store: Store,
    service_type: ServiceType,
    start: dt.datetime,
    end: dt.datetime,
    *,
    vehicle_id: int,
    exclude_id: int | None = None,
    bay_id: int | None = None,
    prefer: tuple[int | None, int | None] = (None, None),
) -> tuple[int, int]:
    """Under the store lock: a free qualified bay and technician for [start, end), or a clear refusal."""
    bays = qualified_bays(store_ids=[store.pk], service_type=service_type).get(store.pk, [])
    techs = qualified_technicians(store_ids=[store.pk], service_type=service_type).get(store.pk, [])
    if not bays or not techs:
        raise errors.store_not_qualified()
    if bay_id is not None:
        if bay_id not in bays:
            raise errors.bay_not_suitable()
        bays = [bay_id]
    clash = Appointment.objects.filter(
        vehicle_id=vehicle_id, status__in=HOLDING_STATUSES, starts_at__lt=end, ends_at__gt=start
    )
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise errors.vehicle_already_booked()
    bay_busy, tech_busy = busy_timelines(
        bay_ids=bays, technician_ids=techs, start=start, end=end, exclude_id=exclude_id, store_ids=[store.pk]
    )
    # Keep the current bay and technician when they are still free (a reschedule should not reshuffle).
    ordered_bays = sorted(bays, key=lambda b: b != prefer[0])
    ordered_techs = sorted(techs, key=lambda t: t != prefer[1])
    chosen = rules.pick(start, end, ordered_bays, bay_busy, ordered_techs, tech_busy)
    if chosen is None:
        raise errors.slot_taken()
    return chosen


def _saved(appointment: Appointment, update_fields: list[str] | None = None) -> None:
    """Save in a savepoint; on PostgreSQL the exclusion constraints turn a missed overlap into slot_taken."""
    try:
        with transaction.atomic():
            appointment.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise errors.slot_taken() from exc


def _log(
    appointment: Appointment, kind: str, actor: Actor, at: dt.datetime, channel: str = "", **detail: object
) -> None:
    AppointmentEvent.objects.create(
        appointment=appointment, kind=kind, at=at, by_user_id=actor.user_id, channel=channel, detail=detail
    )


def _pickup_clean(pickup: PickupInput | None, problems: dict[str, list[str]]) -> PickupInput | None:
    if pickup is None:
        return None
    cleaned = PickupInput(
        pickup_address=_clean_text(pickup.pickup_address, MAX_ADDRESS, "pickup_address", problems),
        delivery_address=_clean_text(pickup.delivery_address, MAX_ADDRESS, "delivery_address", problems),
    )
    if not cleaned.pickup_address and not cleaned.delivery_address:
        return None
    for name in ("pickup_address", "delivery_address"):
        value = getattr(cleaned, name)
        if value and len(value) < 6:
            problems.setdefault(name, []).append(_("Enter the full address: district, street and number."))
    return cleaned


@transaction.atomic
def appointment_book(
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
) -> Appointment:
    """Book a service for a car: holds a qualified bay and technician; exactly one of parallel attempts wins."""
    now = clock.now()
    problems: dict[str, list[str]] = {}
    concerns = _clean_text(concerns, MAX_CONCERNS, "concerns", problems)
    pickup = _pickup_clean(pickup, problems)
    if problems:
        raise errors.invalid_input(problems)
    start = _check_start(actor, starts_at, now)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    ownership = current_ownership(vehicle)
    if ownership is None:
        raise errors.vehicle_without_owner()
    store = _store_for(actor, store_id)
    if actor.kind != ActorKind.OWNER:
        _require_desk(actor, store)
    elif bay_id is not None:
        raise errors.not_allowed()
    service_type = service_type_get(service_type_id=service_type_id)
    end = start + dt.timedelta(minutes=service_type.duration_minutes)
    if not rules.within_opening(store.opening_hours or {}, start, end, local_tz()):
        raise errors.outside_opening_hours()
    store = _lock_store(store)
    bay, tech = _hold(store, service_type, start, end, vehicle_id=vehicle.pk, bay_id=bay_id)
    appointment = Appointment(
        store=store,
        bay_id=bay,
        technician_id=tech,
        service_type=service_type,
        vehicle=vehicle,
        owner_id=ownership.owner_id,
        starts_at=start,
        ends_at=end,
        channel=_channel(actor, channel),
        concerns=concerns,
        booked_by_id=actor.user_id,
    )
    _saved(appointment)
    if pickup is not None:
        PickupDelivery.objects.create(
            appointment=appointment, pickup_address=pickup.pickup_address, delivery_address=pickup.delivery_address
        )
    _log(appointment, AppointmentEventKind.BOOKED, actor, now, appointment.channel, starts_at=start.isoformat())
    customer_ensure(
        dealer_group_id=store.dealer_group_id, owner_id=ownership.owner_id, advisor_id=None, since=now.date()
    )
    _notify_owner(appointment, _("Booking confirmed"), store)
    return appointment


def _notify_owner(appointment: Appointment, title: str, store: Store) -> None:
    user_id = appointment.owner.user_id if appointment.owner_id else None
    if not user_id:
        return
    when = appointment.starts_at.astimezone(local_tz())
    body = _("%(service)s at %(store)s on %(when)s.") % {
        "service": appointment.service_type.name,
        "store": store.name,
        "when": when.strftime("%Y-%m-%d %H:%M"),
    }
    inbox_post(
        recipient_id=user_id, kind="appointment", title=title, body=body, link=f"/my/appointments/{appointment.pk}/"
    )


def _locked(actor: Actor, appointment_id: int) -> Appointment:
    """The booking in the actor's scope, with its store locked and the row re-read under the lock."""
    found = appointment_get(actor=actor, appointment_id=appointment_id)
    _lock_store(found.store)
    return appointment_get(actor=actor, appointment_id=appointment_id)


def _transition(appointment: Appointment, to: str) -> None:
    if to not in ALLOWED_TRANSITIONS[appointment.status]:
        raise errors.transition_refused(appointment.get_status_display())
    appointment.status = to


def _owner_or_desk(actor: Actor, appointment: Appointment) -> None:
    if actor.kind == ActorKind.OWNER:
        if actor.owner_id != appointment.owner_id:
            raise errors.appointment_not_found()
        return
    _require_desk(actor, appointment.store)


@transaction.atomic
def appointment_reschedule(
    *, actor: Actor, appointment_id: int, starts_at: dt.datetime | None, clock: Clock = system_clock
) -> Appointment:
    """Move a booking to a new start time at the same store; the new slot is checked and held atomically."""
    now = clock.now()
    appointment = _locked(actor, appointment_id)
    _owner_or_desk(actor, appointment)
    if not rules.can_reschedule(status=appointment.status, starts_at=appointment.starts_at, now=now):
        raise errors.reschedule_refused()
    start = _check_start(actor, starts_at, now)
    end = start + dt.timedelta(minutes=appointment.service_type.duration_minutes)
    if not rules.within_opening(appointment.store.opening_hours or {}, start, end, local_tz()):
        raise errors.outside_opening_hours()
    bay, tech = _hold(
        appointment.store,
        appointment.service_type,
        start,
        end,
        vehicle_id=appointment.vehicle_id,
        exclude_id=appointment.pk,
        prefer=(appointment.bay_id, appointment.technician_id),
    )
    previous = appointment.starts_at
    appointment.starts_at, appointment.ends_at, appointment.bay_id, appointment.technician_id = start, end, bay, tech
    appointment.reschedule_count += 1
    appointment.reminded_at = None  # the new day gets its own reminder
    _saved(appointment)
    _log(
        appointment,
        AppointmentEventKind.RESCHEDULED,
        actor,
        now,
        _channel(actor, None),
        previous=previous.isoformat(),
        starts_at=start.isoformat(),
    )
    _notify_owner(appointment, _("Booking moved"), appointment.store)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment_id: int, reason: str, clock: Clock = system_clock) -> Appointment:
    """Cancel a booking with a reason; the bay and technician are free again at once."""
    now = clock.now()
    problems: dict[str, list[str]] = {}
    reason = _clean_text(reason, MAX_REASON, "reason", problems)
    if not reason and not problems:
        problems["reason"] = [_("Tell us briefly why the booking is cancelled.")]
    if problems:
        raise errors.invalid_input(problems)
    appointment = _locked(actor, appointment_id)
    _owner_or_desk(actor, appointment)
    if (
        actor.kind == ActorKind.OWNER
        and appointment.status == AppointmentStatus.BOOKED
        and appointment.starts_at <= now
    ):
        raise errors.transition_refused(_("under way"))
    _transition(appointment, AppointmentStatus.CANCELLED)
    appointment.cancel_reason = reason
    appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
    _log(appointment, AppointmentEventKind.CANCELLED, actor, now, _channel(actor, None), reason=reason)
    if actor.kind != ActorKind.OWNER:
        _notify_owner(appointment, _("Booking cancelled by the store"), appointment.store)
    return appointment


@transaction.atomic
def appointment_no_show(*, actor: Actor, appointment_id: int, clock: Clock = system_clock) -> Appointment:
    """Record that the car did not come (staff, after the booked start time)."""
    now = clock.now()
    appointment = _locked(actor, appointment_id)
    if actor.kind == ActorKind.OWNER:
        raise errors.not_allowed()
    _require_desk(actor, appointment.store)
    if appointment.status == AppointmentStatus.BOOKED and not rules.can_mark_no_show(
        status=appointment.status, starts_at=appointment.starts_at, now=now
    ):
        raise errors.no_show_too_early()
    _transition(appointment, AppointmentStatus.NO_SHOW)
    appointment.save(update_fields=["status", "updated_at"])
    _log(appointment, AppointmentEventKind.NO_SHOW, actor, now, _channel(actor, None))
    return appointment


def _staff_step(actor: Actor, appointment_id: int, to: str, kind: str, clock: Clock) -> Appointment:
    appointment = _locked(actor, appointment_id)
    if actor.kind == ActorKind.OWNER:
        raise errors.not_allowed()
    _require_desk(actor, appointment.store)
    _transition(appointment, to)
    appointment.save(update_fields=["status", "updated_at"])
    _log(appointment, kind, actor, clock.now(), _channel(actor, None))
    return appointment


@transaction.atomic
def appointment_check_in(*, actor: Actor, appointment_id: int, clock: Clock = system_clock) -> Appointment:
    """The car has arrived: the advisor checks it in (work orders call this at tablet check-in)."""
    return _staff_step(actor, appointment_id, AppointmentStatus.CHECKED_IN, AppointmentEventKind.CHECKED_IN, clock)


@transaction.atomic
def appointment_complete(*, actor: Actor, appointment_id: int, clock: Clock = system_clock) -> Appointment:
    """The visit is over (work orders call this when the car is delivered)."""
    return _staff_step(actor, appointment_id, AppointmentStatus.COMPLETED, AppointmentEventKind.COMPLETED, clock)
