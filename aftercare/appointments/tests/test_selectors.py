"""Slot search and scoped reads: nearest stores with a free qualified bay and technician, bounded queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftercare.appointments import selectors
from aftercare.appointments.tests.conftest import MONDAY
from aftercare.appointments.tests.factories import booking, local, service_type, shop
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound
from aftercare.network.tests.factories import StaffFactory, actor_of_owner, actor_of_staff
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)
HOME = (39.90, 116.40)  # central Beijing


def _search(actor, clock, code="oil-service", days=(TUESDAY, TUESDAY), **kw):  # type: ignore[no-untyped-def]
    return selectors.slot_search(
        actor=actor,
        latitude=kw.pop("latitude", HOME[0]),
        longitude=kw.pop("longitude", HOME[1]),
        date_from=days[0],
        date_to=days[1],
        service_type_id=service_type(code).pk,
        clock=clock,
        **kw,
    )


def _at(lat: float, lon: float) -> dict[str, Decimal]:
    return {"latitude": Decimal(str(lat)), "longitude": Decimal(str(lon))}


def test_nearest_stores_first_with_distance_and_first_free_starts(clock: FixedClock, db: None) -> None:
    far = shop(**_at(40.10, 116.60))
    near = shop(**_at(39.91, 116.41))
    found = _search(actor_of_owner(near.owner), clock)
    assert [r.store.pk for r in found][:2] == [near.store.pk, far.store.pk]
    assert found[0].distance_km < 2 < found[1].distance_km
    assert [s.starts_at for s in found[0].slots][:3] == [
        local(TUESDAY, 8, 30),
        local(TUESDAY, 9),
        local(TUESDAY, 9, 30),
    ]


def test_a_store_whose_bays_are_full_offers_the_next_free_time(clock: FixedClock, db: None) -> None:
    s = shop(bays=1, technician_levels=("junior",), **_at(39.91, 116.41))
    for hour in (8, 9, 10):
        booking(s, local(TUESDAY, hour, 30), vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group))
    found = _search(actor_of_owner(s.owner), clock)
    assert found[0].slots[0].starts_at == local(TUESDAY, 11, 30)


def test_cancelled_bookings_do_not_hold_the_bay(clock: FixedClock, db: None) -> None:
    s = shop(bays=1, technician_levels=("junior",))
    booking(s, local(TUESDAY, 8, 30), status="cancelled")
    assert _search(actor_of_owner(s.owner), clock)[0].slots[0].starts_at == local(TUESDAY, 8, 30)


def test_busy_technicians_block_a_free_bay(clock: FixedClock, db: None) -> None:
    s = shop(bays=2, technician_levels=("junior",))
    booking(s, local(TUESDAY, 8, 30), bay=s.bays[0])  # the only technician is on bay 1
    assert _search(actor_of_owner(s.owner), clock)[0].slots[0].starts_at == local(TUESDAY, 9, 30)


def test_stores_without_the_skill_or_a_qualified_technician_are_not_offered(clock: FixedClock, db: None) -> None:
    no_skill = shop(skills=("general",), technician_levels=("senior",))
    no_senior = shop(skills=("general", "ev-hv"), technician_levels=("junior", "intermediate"))
    good = shop(skills=("ev-hv",), technician_levels=("senior",), **_at(40.5, 117.0))
    found = _search(actor_of_owner(no_skill.owner), clock, code="ev-hv")
    assert [r.store.pk for r in found] == [good.store.pk]
    assert no_senior.store.pk not in {r.store.pk for r in found}


def test_owner_lead_time_and_closed_days(clock: FixedClock, db: None) -> None:
    s = shop()
    today = _search(actor_of_owner(s.owner), clock, days=(MONDAY, MONDAY))
    assert today[0].slots[0].starts_at == local(MONDAY, 10)  # now 09:00 + 60 min lead
    staff = _search(actor_of_staff(s.advisor), clock, days=(MONDAY, MONDAY))
    assert staff[0].slots[0].starts_at == local(MONDAY, 9)
    sunday = MONDAY + dt.timedelta(days=6)
    assert _search(actor_of_owner(s.owner), clock, days=(sunday, sunday)) == []


def test_staff_search_only_their_groups_stores(clock: FixedClock, db: None) -> None:
    mine, other = shop(), shop()
    found = _search(actor_of_staff(mine.advisor), clock)
    assert {r.store.pk for r in found} == {mine.store.pk}
    assert other.store.pk in {r.store.pk for r in _search(actor_of_owner(mine.owner), clock)}


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"latitude": 95}, "latitude"),
        ({"longitude": "abc"}, "longitude"),
        ({"days": (TUESDAY, MONDAY)}, "date_to"),
        ({"days": (TUESDAY, TUESDAY + dt.timedelta(days=40))}, "date_to"),
        ({"days": (MONDAY - dt.timedelta(days=9), MONDAY - dt.timedelta(days=2))}, "date_to"),
    ],
)
def test_bad_search_input_names_the_field(clock: FixedClock, db: None, kw: dict, field: str) -> None:  # type: ignore[type-arg]
    s = shop()
    with pytest.raises(DomainError) as info:
        _search(actor_of_owner(s.owner), clock, **kw)
    assert info.value.code == "invalid_input" and field in info.value.fields


def test_slot_search_queries_do_not_grow_with_stores_or_days(clock: FixedClock, db: None) -> None:
    first = shop()
    actor = actor_of_owner(first.owner)
    oil = service_type("oil-service").pk

    def search(days: int) -> list[selectors.StoreSlots]:
        return selectors.slot_search(
            actor=actor,
            latitude=HOME[0],
            longitude=HOME[1],
            date_from=TUESDAY,
            date_to=TUESDAY + dt.timedelta(days=days),
            service_type_id=oil,
            limit=3,
            clock=clock,
        )

    with CaptureQueriesContext(connection) as few:
        search(2)
    for _ in range(12):
        s = shop()
        booking(s, local(TUESDAY, 8, 30))
    with CaptureQueriesContext(connection) as many:
        found = search(20)
    assert len(found) == 3
    # service type, stores, then one batch: bays, technicians, busy intervals.
    assert len(many) == len(few) <= 5, [q["sql"][:80] for q in many.captured_queries]


def test_appointment_scoping(clock: FixedClock, db: None) -> None:
    s = shop()
    appt = booking(s, local(TUESDAY, 10))
    assert selectors.appointment_get(actor=actor_of_owner(s.owner), appointment_id=appt.pk) == appt
    assert selectors.appointment_get(actor=actor_of_staff(s.advisor), appointment_id=appt.pk) == appt
    for outsider in (actor_of_staff(StaffFactory()), actor_of_owner(shop().owner)):
        with pytest.raises(NotFound):
            selectors.appointment_get(actor=outsider, appointment_id=appt.pk)
    assert list(selectors.appointment_list(actor=actor_of_staff(s.advisor), date_from=TUESDAY, date_to=TUESDAY)) == [
        appt
    ]
    assert list(selectors.appointment_list(actor=actor_of_staff(s.advisor), date_from=MONDAY, date_to=MONDAY)) == []


def test_board_lists_every_bay_with_the_days_bookings(clock: FixedClock, db: None) -> None:
    s = shop(bays=3)
    a = booking(s, local(TUESDAY, 10), bay=s.bays[1])
    booking(s, local(TUESDAY, 12), bay=s.bays[1], status="cancelled")
    booking(s, local(TUESDAY + dt.timedelta(days=1), 10), bay=s.bays[0])
    store, lanes = selectors.board(actor=actor_of_staff(s.advisor), store_id=s.store.pk, day=TUESDAY)
    assert store == s.store
    assert [len(lane.appointments) for lane in lanes] == [0, 1, 0]
    assert lanes[1].appointments == [a]
    with pytest.raises(NotFound):
        selectors.board(actor=actor_of_owner(s.owner), store_id=s.store.pk, day=TUESDAY)


def test_city_list_gives_the_centre_of_each_citys_stores(db: None) -> None:
    shop(**_at(39.0, 116.0))
    shop(**_at(40.0, 117.0))
    beijing = next(c for c in selectors.city_list() if c.name == "北京")
    assert beijing.stores >= 2
