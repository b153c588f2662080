"""Parallel bookings of one slot on PostgreSQL: exactly as many win as there are bays; no overlap anywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from aftercare.appointments import services
from aftercare.appointments.models import Appointment
from aftercare.appointments.tests.factories import local, service_type, shop
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tests.racing import postgres_only, race  # noqa: F401 - autouse fixture
from aftercare.network.tests.factories import actor_of_owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MONDAY = dt.date(2030, 3, 4)
TUESDAY = MONDAY + dt.timedelta(days=1)


def _owners_with_cars(s, n: int) -> list[tuple[Any, int]]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        owner = OwnerFactory(login=True)
        car = vehicle_with_owner(dealer_group=s.store.dealer_group, owner=owner)
        out.append((actor_of_owner(owner), car.pk))
    return out


@pytest.mark.parametrize(("bays", "attempts"), [(1, 8), (2, 8)])
def test_parallel_bookings_of_one_slot_exactly_bays_many_win(bays: int, attempts: int) -> None:
    s = shop(bays=bays, technician_levels=("junior",) * bays)
    who = _owners_with_cars(s, attempts)
    oil = service_type("oil-service")
    clock = FixedClock(local(MONDAY, 9))

    def attempt(i: int) -> Appointment:
        actor, car = who[i]
        return services.appointment_book(
            actor=actor,
            vehicle_id=car,
            store_id=s.store.pk,
            service_type_id=oil.pk,
            starts_at=local(TUESDAY, 10),
            clock=clock,
        )

    results = race(attempts, attempt)
    won = [r for r in results if isinstance(r, Appointment)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == bays and len(lost) == attempts - bays, results
    assert {e.code for e in lost} == {"slot_taken"}
    assert Appointment.objects.filter(store=s.store).count() == bays
    assert len({a.bay_id for a in won}) == bays and len({a.technician_id for a in won}) == bays


def test_parallel_reschedules_onto_one_free_slot_one_wins() -> None:
    s = shop(bays=1, technician_levels=("junior",))
    who = _owners_with_cars(s, 4)
    oil = service_type("oil-service")
    clock = FixedClock(local(MONDAY, 9))
    booked = [
        services.appointment_book(
            actor=a,
            vehicle_id=car,
            store_id=s.store.pk,
            service_type_id=oil.pk,
            starts_at=local(TUESDAY, 9 + 2 * i),
            clock=clock,
        )
        for i, (a, car) in enumerate(who)
    ]

    def attempt(i: int) -> Appointment:
        return services.appointment_reschedule(
            actor=who[i][0],
            appointment_id=booked[i].pk,
            starts_at=local(MONDAY + dt.timedelta(days=2), 10),
            clock=clock,
        )

    results = race(4, attempt)
    assert sum(isinstance(r, Appointment) for r in results) == 1, results
    assert {r.code for r in results if isinstance(r, DomainError)} == {"slot_taken"}


def test_the_database_itself_refuses_an_overlap_on_a_bay() -> None:
    """The exclusion constraint: even a write that bypasses the service cannot double-book a bay."""
    s = shop(bays=1, technician_levels=("junior", "senior"))
    oil = service_type("oil-service")
    start = local(TUESDAY, 10)
    base = dict(store=s.store, bay=s.bays[0], service_type=oil, owner=s.owner, channel="api")
    Appointment.objects.create(
        **base, technician=s.technicians[0], vehicle=s.vehicle, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    other = vehicle_with_owner(dealer_group=s.store.dealer_group, owner=s.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            **base,
            technician=s.technicians[1],
            vehicle=other,
            starts_at=start + dt.timedelta(minutes=30),
            ends_at=start + dt.timedelta(minutes=90),
        )
    # Back to back is fine ([10:00, 11:00) and [11:00, 12:00) do not overlap); cancelled ones do not hold.
    Appointment.objects.create(
        **base,
        technician=s.technicians[1],
        vehicle=other,
        starts_at=start + dt.timedelta(hours=1),
        ends_at=start + dt.timedelta(hours=2),
    )
    Appointment.objects.create(
        **base,
        technician=s.technicians[1],
        vehicle=other,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status="cancelled",
    )
    assert Appointment.objects.filter(bay=s.bays[0]).count() == 3
