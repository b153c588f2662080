"""Demo bookings: every store's bays filled to a realistic share of their opening hours, today and the coming
days, so the agenda, the workshop board and slot search look real. The planner is shared with the benchmark."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from aftercare.appointments import rules
from aftercare.appointments.models import Appointment, PickupDelivery, ServiceType
from aftercare.appointments.selectors import local_tz, slot_search
from aftercare.appointments.services import PickupInput, appointment_book, service_types_seed
from aftercare.demo import logins
from aftercare.kernel.clock import FixedClock
from aftercare.network.models import ServiceBay, Staff, Store
from aftercare.network.selectors import actor_for_user
from aftercare.owners.models import Owner
from aftercare.vehicles.models import Ownership

DEMO_DAYS = 7  # today and the next six days
OCCUPANCY = 0.6  # share of a bay's opening hours that is booked, on average
PICKUP_SHARE = 0.12
STREETS = ("建设路", "人民路", "解放路", "中山路", "和平街", "光明路", "新华路", "文化路", "胜利街", "青年路")
# How often each service is booked (oil services dominate a real workshop's day).
SERVICE_WEIGHTS = {
    "oil-service": 30,
    "major-service": 10,
    "health-check": 8,
    "general-repair": 14,
    "alignment": 9,
    "ac-service": 5,
    "electrical": 5,
    "ev-hv": 4,
    "body-paint": 6,
    "transmission": 2,
}


@dataclass(frozen=True)
class Planned:
    """One booking the planner placed: bay, technician, service and time."""

    store_id: int
    bay_id: int
    technician_id: int
    service_type_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class StoreSetup:
    """What the planner needs to know about a store: hours, bays with skill ids, technicians with levels."""

    store_id: int
    opening_hours: dict[str, list[list[str]]]
    bays: list[tuple[int, frozenset[str]]]  # (bay id, skill codes)
    technicians: list[tuple[int, str]]
    busy: dict[int, list[rules.Interval]] = field(default_factory=lambda: defaultdict(list))


def plan_store_day(
    rng: random.Random,
    setup: StoreSetup,
    day: dt.date,
    service_types: Sequence[ServiceType],
    occupancy: float = OCCUPANCY,
    tz: dt.tzinfo | None = None,
) -> list[Planned]:
    """Fill each bay of one store on one day to about `occupancy` of its opening hours."""
    tz = tz or local_tz()
    step = dt.timedelta(minutes=30)
    placed: list[Planned] = []
    weights = [SERVICE_WEIGHTS.get(t.code, 3) for t in service_types]
    for opens, closes in rules.opening_intervals(setup.opening_hours, day, tz):
        for bay_id, skills in rng.sample(setup.bays, len(setup.bays)):
            fits = [(t, w) for t, w in zip(service_types, weights, strict=True) if t.skill_code in skills]
            if not fits:
                continue
            at = opens
            while True:
                kind = rng.choices([t for t, _ in fits], weights=[w for _, w in fits])[0]
                duration = dt.timedelta(minutes=kind.duration_minutes)
                mean_gap = duration * (1 - occupancy) / occupancy
                gap = step * round(rng.uniform(0, 2) * mean_gap / step)
                start = at + gap
                if start + duration > closes:
                    break
                tech = _free_technician(setup, kind, start, start + duration)
                if tech is None:
                    at = start + step
                    continue
                setup.busy[tech].append((start, start + duration))
                placed.append(Planned(setup.store_id, bay_id, tech, kind.pk, start, start + duration))
                at = start + duration
    return placed


def _free_technician(setup: StoreSetup, kind: ServiceType, start: dt.datetime, end: dt.datetime) -> int | None:
    allowed = set(rules.levels_at_least(kind.min_level))
    for tech_id, level in setup.technicians:
        if level in allowed and not any(rules.overlaps((start, end), b) for b in setup.busy[tech_id]):
            return tech_id
    return None


def store_setups(store_ids: Iterable[int]) -> list[StoreSetup]:
    """Bays (with skills) and technicians (with levels) of the stores, in three queries."""
    ids = list(store_ids)
    skills: dict[int, set[str]] = defaultdict(set)
    for bay_id, code in ServiceBay.skills.through.objects.filter(servicebay__store_id__in=ids).values_list(
        "servicebay_id", "skill__code"
    ):
        skills[bay_id].add(code)
    bays: dict[int, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for bay_id, store_id in ServiceBay.objects.filter(store_id__in=ids, is_active=True).values_list("pk", "store_id"):
        bays[store_id].append((bay_id, frozenset(skills[bay_id])))
    techs: dict[int, list[tuple[int, str]]] = defaultdict(list)
    staff = Staff.objects.filter(store_id__in=ids, role="technician", left_on__isnull=True).order_by("level", "pk")
    for staff_id, store_id, level in staff.values_list("pk", "store_id", "level"):
        techs[store_id].append((staff_id, level))
    hours = dict(Store.objects.filter(pk__in=ids).values_list("pk", "opening_hours"))
    return [StoreSetup(sid, hours[sid] or {}, sorted(bays[sid]), techs[sid]) for sid in ids]


def _status(planned: Planned, now: dt.datetime, rng: random.Random) -> str:
    if planned.ends_at <= now:
        return "no_show" if rng.random() < 0.06 else "completed"
    if planned.starts_at <= now:
        return "checked_in"
    return "booked"


def _cars_by_group(group_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    rows = Ownership.objects.filter(ended_on__isnull=True, vehicle__dealer_group_id__in=list(group_ids)).exclude(
        owner__phone=logins.demo_owner_e164()  # the demo owner's bookings are made through the portal flow below
    )
    cars: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for group_id, vehicle_id, owner_id in rows.values_list("vehicle__dealer_group_id", "vehicle_id", "owner_id"):
        cars[group_id].append((vehicle_id, owner_id))
    return cars


def appointments_demo(*, rng: random.Random, now: dt.datetime, days: int = DEMO_DAYS) -> int:
    """Bookings for every demo store from today on; the demo owner gets one through the real booking service."""
    service_types_seed()
    kinds = list(ServiceType.objects.filter(is_active=True))
    stores = list(Store.objects.filter(is_active=True).values_list("pk", "dealer_group_id", "city", "district"))
    cars = _cars_by_group({g for _, g, _, _ in stores})
    today = now.astimezone(local_tz()).date()
    rows: list[Appointment] = []
    pickups: list[tuple[int, str]] = []
    setups = {s.store_id: s for s in store_setups(pk for pk, *_ in stores)}
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)  # (group, day offset) -> cars already booked
    for store_id, group_id, city, district in stores:
        pool = cars.get(group_id, [])
        if not pool:
            continue
        for offset in range(days):
            day = today + dt.timedelta(days=offset)
            for p in plan_store_day(rng, setups[store_id], day, kinds):
                vehicle_id, owner_id = _pick_car(rng, pool, taken[group_id, offset])
                rows.append(_row(p, vehicle_id, owner_id, _status(p, now, rng), now))
                if rng.random() < PICKUP_SHARE:
                    pickups.append((len(rows) - 1, f"{city}{district}{rng.choice(STREETS)}{rng.randint(1, 399)}号"))
    Appointment.objects.bulk_create(rows, batch_size=2000)
    PickupDelivery.objects.bulk_create(
        [PickupDelivery(appointment=rows[i], pickup_address=addr, delivery_address=addr) for i, addr in pickups],
        batch_size=2000,
    )
    return len(rows) + _demo_owner_booking(now)


def _pick_car(rng: random.Random, pool: list[tuple[int, int]], taken: set[int]) -> tuple[int, int]:
    for _ in range(12):
        car = rng.choice(pool)
        if car[0] not in taken:
            taken.add(car[0])
            return car
    return rng.choice(pool)


def _row(p: Planned, vehicle_id: int, owner_id: int, status: str, now: dt.datetime) -> Appointment:
    return Appointment(
        store_id=p.store_id,
        bay_id=p.bay_id,
        technician_id=p.technician_id,
        service_type_id=p.service_type_id,
        vehicle_id=vehicle_id,
        owner_id=owner_id,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        status=status,
        channel="portal" if p.bay_id % 3 else "console",
    )


def _demo_owner_booking(now: dt.datetime) -> int:
    """The demo owner's next oil service: found by slot search and booked through the service, with pick-up."""
    owner = Owner.objects.filter(phone=logins.demo_owner_e164()).select_related("user").first()
    if owner is None or owner.user is None:
        return 0
    held = Ownership.objects.filter(owner=owner, ended_on__isnull=True).select_related("vehicle__dealer_group")
    ownership = held.order_by("pk").first()
    if ownership is None:
        return 0
    actor = actor_for_user(owner.user)
    store = Store.objects.filter(Q(code="bj-01") | Q(dealer_group=ownership.vehicle.dealer_group)).order_by("code")
    oil = ServiceType.objects.get(code="oil-service")
    clock = FixedClock(now)
    day = now.astimezone(local_tz()).date() + dt.timedelta(days=2)
    for candidate in store[:3]:
        found = slot_search(
            actor=actor,
            latitude=candidate.latitude,
            longitude=candidate.longitude,
            date_from=day,
            date_to=day + dt.timedelta(days=5),
            service_type_id=oil.pk,
            store_id=candidate.pk,
            clock=clock,
        )
        if found and found[0].slots:
            appointment_book(
                actor=actor,
                vehicle_id=ownership.vehicle_id,
                store_id=candidate.pk,
                service_type_id=oil.pk,
                starts_at=found[0].slots[0].starts_at,
                concerns="保养到期，顺便看看右前轮胎磨损",
                pickup=PickupInput(pickup_address="北京市朝阳区望京街10号院3号楼", delivery_address=""),
                clock=clock,
            )
            return 1
    return 0


def appointments_demo_delete(*, vehicle_ids: list[int], store_ids: list[int]) -> None:
    """For the demo reset: bookings of the demo's cars and stores go before the cars and stores (PROTECTed)."""
    Appointment.objects.filter(Q(vehicle_id__in=vehicle_ids) | Q(store_id__in=store_ids)).delete()
