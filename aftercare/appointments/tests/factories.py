"""Factories for appointments: a store ready for bookings, bookings, service types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from django.utils import timezone

from aftercare.appointments.defaults import SKILLS
from aftercare.appointments.models import Appointment, PickupDelivery, ServiceType
from aftercare.appointments.services import service_types_seed
from aftercare.network.models import ServiceBay, Skill, Staff, Store
from aftercare.network.tests.factories import ServiceBayFactory, StaffFactory, StoreFactory
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import vehicle_with_owner

TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has no DST


def local(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """An aware datetime at a wall-clock time in the stores' time zone."""
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ)


def next_weekday(after: dt.date | None = None, weekday: int = 2) -> dt.date:
    """The next given weekday (default Wednesday) strictly after `after` (default today)."""
    start = after or timezone.localdate()
    days = (weekday - start.weekday()) % 7 or 7
    return start + dt.timedelta(days=days)


def skill_ensure(code: str) -> Skill:
    """A bay skill by code, created with the catalogue's names when missing."""
    name, name_en = SKILLS.get(code, (code, code))
    return Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]


def service_type(code: str = "oil-service") -> ServiceType:
    """One of the seeded service types (re-seeded when a transactional test flushed them)."""
    service_types_seed()
    return ServiceType.objects.get(code=code)


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType

    code = factory.Sequence(lambda n: f"svc-{n}")
    name = factory.Sequence(lambda n: f"测试服务{n}")
    name_en = factory.Sequence(lambda n: f"Test service {n}")
    duration_minutes = 60
    skill_code = "general"
    min_level = "junior"
    job_type = "minor_repair"


@dataclass
class Shop:
    """A store with bays (by skill), technicians (by level), a front-desk advisor and a customer's car."""

    store: Store
    bays: list[ServiceBay]
    technicians: list[Staff]
    advisor: Staff
    owner: Owner
    vehicle: Vehicle


def shop(
    *,
    bays: int = 2,
    skills: tuple[str, ...] = ("general",),
    technician_levels: tuple[str, ...] = ("junior", "senior"),
    store: Store | None = None,
    **store_fields: object,
) -> Shop:
    """A bookable store; the owner has a login and one car of the store's group."""
    service_types_seed()
    store = store or StoreFactory(**store_fields)
    skill_rows = [skill_ensure(c) for c in skills]
    bay_rows = [
        ServiceBayFactory(store=store, code=f"B{i + 1:02d}", name=f"{i + 1}号工位", skills=skill_rows)
        for i in range(bays)
    ]
    techs = [StaffFactory(store=store, technician=True, level=lvl) for lvl in technician_levels]
    advisor = StaffFactory(store=store)
    owner = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, advisor=advisor)
    return Shop(store=store, bays=bay_rows, technicians=techs, advisor=advisor, owner=owner, vehicle=vehicle)


def booking(
    s: Shop, starts_at: dt.datetime, *, code: str = "oil-service", bay: ServiceBay | None = None, **fields: object
) -> Appointment:
    """A booking written directly (no service checks): for building worlds in tests and benchmarks."""
    st = service_type(code)
    return Appointment.objects.create(
        store=s.store,
        bay=bay or s.bays[0],
        technician=fields.pop("technician", s.technicians[0]),
        service_type=st,
        vehicle=fields.pop("vehicle", s.vehicle),
        owner=fields.pop("owner", s.owner),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=st.duration_minutes),
        channel="console",
        **fields,
    )


def with_pickup(
    appointment: Appointment, pickup: str = "北京市朝阳区望京街10号", delivery: str = "北京市朝阳区望京街10号"
) -> PickupDelivery:
    return PickupDelivery.objects.create(appointment=appointment, pickup_address=pickup, delivery_address=delivery)


def _future_weekday(days_ahead: int = 2) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() == 6:  # test stores close on Sundays
        day += dt.timedelta(days=1)
    return day


def appointments_world(vehicles: dict[int, list[int]], stores: dict[int, list[int]]) -> dict[str, object]:
    """Bookings for the cross-tenant API tests: a general bay per store, four future bookings per group,
    and per group one booking each to reschedule, to cancel and (in the past) to mark as a no-show."""
    from aftercare.vehicles.models import Ownership

    service_types_seed()
    oil = service_type("oil-service")
    general = skill_ensure("general")
    day = _future_weekday()
    by_group: dict[int, list[int]] = {}
    owner_of: dict[int, int] = {}
    own: dict[int, dict[str, int]] = {}
    for group_id, store_ids in stores.items():
        bays = {
            sid: ServiceBayFactory(store_id=sid, code="TEN1", name="1号工位", skills=[general]) for sid in store_ids
        }
        techs = {sid: Staff.objects.filter(store_id=sid, role="technician").first() for sid in store_ids}
        by_group[group_id] = []
        for i, vehicle_id in enumerate(vehicles[group_id][:6]):
            sid = store_ids[i % len(store_ids)]
            owner_id = Ownership.objects.get(vehicle_id=vehicle_id, ended_on__isnull=True).owner_id
            start = local(day, 9 + 2 * (i // len(store_ids)))
            if i == 5:
                start = local(timezone.localdate() - dt.timedelta(days=1), 10)
            appt = Appointment.objects.create(
                store_id=sid,
                bay=bays[sid],
                technician=techs[sid],
                service_type=oil,
                vehicle_id=vehicle_id,
                owner_id=owner_id,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=oil.duration_minutes),
                channel="console",
            )
            by_group[group_id].append(appt.pk)
            owner_of[appt.pk] = owner_id
        ids = by_group[group_id]
        own[group_id] = {"get": ids[0], "reschedule": ids[1], "cancel": ids[2], "no_show": ids[5]}
    return {"by_group": by_group, "owner_of": owner_of, "own": own, "reschedule_to": local(day, 15).isoformat()}


def open_day(days_ahead: int = 3) -> dt.date:
    """A date a few days ahead on which the factory stores are open (not a Sunday)."""
    return _future_weekday(days_ahead)


def errors_world(store_id: int, vehicle_id: int) -> dict[str, int]:
    """For the bad-input API tests: a general bay in the store and one future booking of the car at 10:00."""
    from aftercare.vehicles.models import Ownership

    service_types_seed()
    oil = service_type("oil-service")
    bay = ServiceBayFactory(store_id=store_id, code="ERR1", name="1号工位", skills=[skill_ensure("general")])
    tech = Staff.objects.filter(store_id=store_id, role="technician").first()
    start = local(open_day(), 10)
    appt = Appointment.objects.create(
        store_id=store_id,
        bay=bay,
        technician=tech,
        service_type=oil,
        vehicle_id=vehicle_id,
        owner_id=Ownership.objects.get(vehicle_id=vehicle_id, ended_on__isnull=True).owner_id,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=oil.duration_minutes),
        channel="portal",
    )
    return {"appointment_id": appt.pk, "service_type_id": oil.pk, "store_id": store_id}
