"""Vehicle services against a real database: registration, transfer, odometer, each with history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from aftercare.history.choices import HistoryEventType
from aftercare.history.models import HistoryEvent
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.tenancy import ActorKind
from aftercare.network.models import Customer
from aftercare.network.tests.factories import StaffFactory, actor_of_owner, actor_of_staff
from aftercare.notifications.models import InboxMessage
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import selectors, services
from aftercare.vehicles.inputs import LicenceInput
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleLicence, Wmi
from aftercare.vehicles.tests.factories import (
    OdometerReadingFactory,
    VehicleFactory,
    make_plate,
    make_vin,
    vehicle_with_owner,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
TODAY = dt.date(2026, 3, 2)
LICENCE = LicenceInput("李四", "小型轿车", "private", dt.date(2020, 1, 1), dt.date(2023, 5, 1), "大众朗逸")
WRITTEN = (Vehicle, Ownership, Owner, Customer, VehicleLicence, OdometerReading, HistoryEvent)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in WRITTEN}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def staff():
    return StaffFactory()  # senior advisor


@pytest.fixture
def actor(staff):
    return actor_of_staff(staff)


def register(actor, clock, **overrides: Any) -> Vehicle:
    args: dict[str, Any] = {
        "vin": make_vin(501),
        "plate": make_plate(501),
        "licence": LICENCE,
        "owner": services.OwnerInput(phone="13812345678", name="李四"),
        "odometer_km": 52_000,
    }
    return services.vehicle_register(actor=actor, clock=clock, **(args | overrides))


def refused(fn, *args: Any, **kwargs: Any) -> DomainError:
    """Call fn, expect a DomainError, and check nothing was written."""
    before = counts()
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert counts() == before, "a refused call wrote rows"
    return exc.value


# -- registration -------------------------------------------------------------------------------


def test_staff_registers_a_car_for_a_new_owner(actor, staff, clock) -> None:
    Wmi.objects.update_or_create(code="LSV", defaults={"manufacturer": "SAIC Volkswagen 上汽大众", "source": "test"})
    vehicle = register(actor, clock)
    vehicle.refresh_from_db()
    assert (vehicle.vin, vehicle.wmi, vehicle.manufacturer, vehicle.model_year) == (
        make_vin(501),
        "LSV",
        "SAIC Volkswagen 上汽大众",
        2019,
    )
    assert (vehicle.plate, vehicle.plate_kind, vehicle.model) == (make_plate(501), "ordinary", "大众朗逸")
    assert vehicle.dealer_group_id == staff.dealer_group_id
    owner = Owner.objects.get(phone="+8613812345678")
    assert owner.name == "李四"
    ownership = Ownership.objects.get(vehicle=vehicle)
    assert (ownership.owner_id, ownership.started_on, ownership.ended_on, ownership.source) == (
        owner.pk,
        LICENCE.issue_date,
        None,
        "registration",
    )
    customer = Customer.objects.get(dealer_group=staff.dealer_group, owner=owner)
    assert customer.advisor_id == staff.pk  # the group's only advisor
    assert customer.since == TODAY
    reading = OdometerReading.objects.get(vehicle=vehicle)
    assert (reading.km, reading.source, reading.flag, reading.recorded_by_id) == (52_000, "check_in", "", staff.user_id)
    events = list(HistoryEvent.objects.filter(vehicle=vehicle).order_by("id"))
    assert [e.event_type for e in events] == [
        HistoryEventType.VEHICLE_REGISTERED,
        HistoryEventType.LICENCE_RECORDED,
        HistoryEventType.ODOMETER_RECORDED,
    ]
    assert all(e.actor_id == staff.user_id and e.occurred_at == NOW for e in events)
    assert events[0].payload == {"vin": vehicle.vin, "wmi": "LSV", "model_year": 2019, "by": "staff"}
    assert "李四" not in str([e.payload for e in events])  # no personal data in the history


def test_registration_history_is_written_in_the_same_transaction(actor, clock, monkeypatch) -> None:
    """A failure after the history event is written takes the event down with everything else."""

    def broken_customer_ensure(**kwargs: Any) -> None:
        assert HistoryEvent.objects.filter(event_type=HistoryEventType.VEHICLE_REGISTERED).exists()
        raise RuntimeError("store system down")

    monkeypatch.setattr(services, "customer_ensure", broken_customer_ensure)
    before = counts()
    with pytest.raises(RuntimeError):
        register(actor, clock)
    assert counts() == before


def test_owner_registers_their_own_car(clock) -> None:
    owner = OwnerFactory(login=True)
    actor = actor_of_owner(owner)
    assert actor.kind == ActorKind.OWNER
    vehicle = register(actor, clock, licence=None, owner=None, odometer_km=8_000, owned_since=dt.date(2025, 1, 1))
    assert vehicle.dealer_group_id is None
    assert Ownership.objects.get(vehicle=vehicle).owner_id == owner.pk
    assert Ownership.objects.get(vehicle=vehicle).started_on == dt.date(2025, 1, 1)
    assert not Customer.objects.exists()  # no dealer group yet
    assert OdometerReading.objects.get(vehicle=vehicle).source == "owner"
    assert HistoryEvent.objects.get(vehicle=vehicle, event_type="VEHICLE_REGISTERED").payload["by"] == "owner"
    assert selectors.vehicle_get(actor=actor, vehicle_id=vehicle.pk) == vehicle


def test_owner_must_give_a_plate(clock) -> None:
    actor = actor_of_owner(OwnerFactory(login=True))
    exc = refused(register, actor, clock, plate="", licence=None, owner=None)
    assert set(exc.fields) == {"plate"}


def test_staff_may_leave_the_plate_empty(actor, clock) -> None:
    assert register(actor, clock, plate="").plate == ""


def test_registration_normalises_vin_and_plate(actor, clock) -> None:
    vin = make_vin(502)
    vehicle = register(actor, clock, vin=f" {vin[:8].lower()} {vin[8:]} ", plate=" 粤b·d12345 ")
    assert (vehicle.vin, vehicle.plate, vehicle.plate_kind) == (vin, "粤BD12345", "new_energy_small")


BAD_INPUTS = [
    ({"vin": "LSJA24U63JG269225"}, {"vin"}),
    ({"vin": ""}, {"vin"}),
    ({"vin": "LSJA24U62JG26922"}, {"vin"}),
    ({"vin": "LSJA24U62JG26922I"}, {"vin"}),
    ({"plate": "京AI2345"}, {"plate"}),
    ({"plate": "XA12345"}, {"plate"}),
    ({"owner": services.OwnerInput(phone="010 12345678", name="李四")}, {"owner_phone"}),
    ({"owner": services.OwnerInput(phone="13812345678", name="  ")}, {"owner_name"}),
    ({"owner": None}, {"owner_phone", "owner_name"}),
    (
        {"licence": LicenceInput("李四", "小型轿车", "private", dt.date(2027, 1, 1), dt.date(2027, 1, 2))},
        {"registration_date", "issue_date"},
    ),
    (
        {"licence": LicenceInput("李四", "小型轿车", "private", dt.date(2023, 1, 1), dt.date(2022, 1, 1))},
        {"issue_date"},
    ),
    (
        {"licence": LicenceInput("李四", "小型轿车", "private", dt.date(1979, 1, 1), dt.date(2022, 1, 1))},
        {"registration_date"},
    ),
    ({"licence": LicenceInput("李四", "小型轿车", "hire", dt.date(2020, 1, 1), dt.date(2022, 1, 1))}, {"use_type"}),
    (
        {"licence": LicenceInput(" ", " ", "private", dt.date(2020, 1, 1), dt.date(2022, 1, 1))},
        {"registered_owner_name", "vehicle_type"},
    ),
    ({"licence": LicenceInput("李四", "小型轿车", "private", None, None)}, {"registration_date", "issue_date"}),
    ({"odometer_km": -1}, {"km"}),
    ({"odometer_km": 2_000_001}, {"km"}),
    ({"owned_since": TODAY + dt.timedelta(days=1)}, {"owned_since"}),
]


@pytest.mark.parametrize(("overrides", "fields"), BAD_INPUTS)
def test_bad_input_is_refused_naming_each_field_and_writes_nothing(actor, clock, overrides, fields) -> None:
    exc = refused(register, actor, clock, **overrides)
    assert (exc.code, exc.status) == ("invalid_input", 400)
    assert set(exc.fields) == fields
    assert all(exc.render_fields()[f] for f in fields)


def test_every_bad_field_is_reported_at_once(actor, clock) -> None:
    exc = refused(
        register,
        actor,
        clock,
        vin="LSJA24U63JG269225",
        plate="京AI2345",
        owner=services.OwnerInput(phone="garbage", name=""),
        licence=LicenceInput("", "", "x", TODAY + dt.timedelta(days=3), None),
        odometer_km=-5,
        owned_since=TODAY + dt.timedelta(days=3),
    )
    assert set(exc.fields) == {
        "vin",
        "plate",
        "owner_phone",
        "owner_name",
        "registered_owner_name",
        "vehicle_type",
        "use_type",
        "registration_date",
        "issue_date",
        "km",
        "owned_since",
    }


def test_check_digit_message_names_position_nine(actor, clock) -> None:
    with translation.override("en"):
        exc = refused(register, actor, clock, vin="LSJA24U63JG269225")
        message = exc.render_fields()["vin"][0]
    assert "check digit (position 9)" in message
    assert "it is 3 but the other characters require 2" in message


def test_staff_without_the_permission_cannot_register(clock) -> None:
    technician = StaffFactory(technician=True)  # junior technicians only record odometers
    exc = refused(register, actor_of_staff(technician), clock)
    assert isinstance(exc, PermissionDenied)


def test_a_vin_already_registered_in_the_group_is_refused_and_the_new_owner_not_created(actor, staff, clock) -> None:
    vehicle_with_owner(dealer_group=staff.dealer_group, vin=make_vin(503))
    exc = refused(register, actor, clock, vin=make_vin(503), owner=services.OwnerInput("13900000001", "新人"))
    assert (exc.code, exc.status) == ("vin_already_registered", 409)
    assert not Owner.objects.filter(phone="+8613900000001").exists()


def test_a_vin_held_by_another_group_is_refused(actor, clock) -> None:
    other = StaffFactory()
    vehicle_with_owner(dealer_group=other.dealer_group, vin=make_vin(504))
    assert refused(register, actor, clock, vin=make_vin(504)).code == "vin_registered_other_group"
    VehicleFactory(vin=make_vin(505), dealer_group=other.dealer_group)  # known, nobody owns it
    assert refused(register, actor, clock, vin=make_vin(505)).code == "vin_registered_other_group"


def test_a_taken_plate_is_refused_after_the_owner_would_have_been_created(actor, clock) -> None:
    VehicleFactory(plate="京A77777")
    exc = refused(register, actor, clock, plate="京A77777", owner=services.OwnerInput("13900000002", "新人"))
    assert (exc.code, exc.fields.keys()) == ("plate_taken", {"plate"})
    assert not Owner.objects.filter(phone="+8613900000002").exists()


def test_owner_cannot_register_a_car_someone_else_owns(clock) -> None:
    vehicle_with_owner(dealer_group=None, vin=make_vin(506))
    me = OwnerFactory(login=True)
    assert refused(register, actor_of_owner(me), clock, vin=make_vin(506), owner=None).code == "vin_registered_to_other"
    mine = vehicle_with_owner(dealer_group=None, owner=me, vin=make_vin(507))
    exc = refused(register, actor_of_owner(me), clock, vin=mine.vin, plate=mine.plate, owner=None)
    assert exc.code == "vin_already_yours"


def test_staff_takes_up_a_known_vin_nobody_owns(actor, staff, clock) -> None:
    orphan = VehicleFactory(vin=make_vin(508), dealer_group=None, plate="")
    vehicle = register(actor, clock, vin=make_vin(508), plate="京A88888")
    assert vehicle.pk == orphan.pk
    vehicle.refresh_from_db()
    assert (vehicle.dealer_group_id, vehicle.plate) == (staff.dealer_group_id, "京A88888")
    assert Vehicle.objects.count() == 1
    assert Ownership.objects.get(vehicle=vehicle).source == "registration"


def test_an_existing_owner_is_reused_by_phone(actor, clock) -> None:
    owner = OwnerFactory(phone="+8613812345678", name="老李")
    register(actor, clock, owner=services.OwnerInput(phone="138 1234 5678", name="李四"))
    assert Owner.objects.count() == 1
    assert Ownership.objects.get().owner_id == owner.pk


# -- transfer -----------------------------------------------------------------------------------


@pytest.fixture
def sold(staff):
    """A car of the staff member's group whose owner has a login, and a buyer with a login."""
    seller = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=staff.dealer_group, owner=seller, started_on=dt.date(2024, 6, 1))
    return vehicle, seller, OwnerFactory(login=True)


def test_transfer_moves_the_car_to_the_new_owner(actor, staff, clock, sold) -> None:
    vehicle, seller, buyer = sold
    assert selectors.vehicle_get(actor=actor_of_owner(seller), vehicle_id=vehicle.pk)
    ownership = services.vehicle_transfer(
        actor=actor,
        vehicle_id=vehicle.pk,
        new_owner=services.OwnerInput(phone=buyer.phone, name=buyer.name),
        transferred_on=dt.date(2026, 2, 1),
        odometer_km=61_000,
        clock=clock,
    )
    assert (ownership.owner_id, ownership.started_on, ownership.source) == (buyer.pk, dt.date(2026, 2, 1), "transfer")
    old = Ownership.objects.get(vehicle=vehicle, owner=seller)
    assert old.ended_on == dt.date(2026, 2, 1)

    with pytest.raises(NotFound):
        selectors.vehicle_get(actor=actor_of_owner(seller), vehicle_id=vehicle.pk)
    assert not selectors.vehicle_list(actor=actor_of_owner(seller)).exists()
    fresh = selectors.vehicle_get(actor=actor_of_owner(buyer), vehicle_id=vehicle.pk)
    current = selectors.current_ownership(fresh)
    assert current is not None and current.owner.phone == buyer.phone  # the car's contact is the buyer's

    assert set(InboxMessage.objects.values_list("recipient_id", "kind")) == {
        (seller.user_id, "ownership_ended"),
        (buyer.user_id, "ownership_started"),
    }
    event = HistoryEvent.objects.get(vehicle=vehicle, event_type=HistoryEventType.OWNERSHIP_TRANSFERRED)
    assert event.payload == {"from_owner": seller.pk, "to_owner": buyer.pk, "transferred_on": "2026-02-01"}
    assert event.actor_id == staff.user_id
    assert OdometerReading.objects.get(vehicle=vehicle).source == "transfer"
    assert Customer.objects.filter(dealer_group=staff.dealer_group, owner=buyer).exists()


def test_transfer_to_an_unknown_phone_creates_the_owner(actor, clock, sold) -> None:
    vehicle, seller, _ = sold
    services.vehicle_transfer(
        actor=actor,
        vehicle_id=vehicle.pk,
        new_owner=services.OwnerInput(phone="+86 139 0000 1234", name="王五"),
        transferred_on=TODAY,
        clock=clock,
    )
    buyer = Owner.objects.get(phone="+8613900001234")
    assert selectors.current_ownership(vehicle).owner_id == buyer.pk  # type: ignore[union-attr]
    assert InboxMessage.objects.filter(recipient_id=seller.user_id).count() == 1  # buyer has no login yet


@pytest.mark.parametrize(
    ("new_owner", "transferred_on", "km", "fields"),
    [
        (("13900001234", "王五"), TODAY + dt.timedelta(days=1), None, {"transferred_on"}),
        (("13900001234", "王五"), dt.date(2024, 5, 31), None, {"transferred_on"}),  # before the seller bought it
        (("010 12345678", "王五"), TODAY, None, {"owner_phone"}),
        (("13900001234", ""), TODAY, None, {"owner_name"}),
        (("13900001234", "王五"), TODAY, -3, {"km"}),
        (("", ""), TODAY + dt.timedelta(days=1), 3_000_000, {"owner_phone", "owner_name", "km", "transferred_on"}),
    ],
)
def test_bad_transfer_input_writes_nothing(actor, clock, sold, new_owner, transferred_on, km, fields) -> None:
    vehicle = sold[0]
    exc = refused(
        services.vehicle_transfer,
        actor=actor,
        vehicle_id=vehicle.pk,
        new_owner=services.OwnerInput(*new_owner),
        transferred_on=transferred_on,
        odometer_km=km,
        clock=clock,
    )
    assert exc.code == "invalid_input"
    assert set(exc.fields) == fields
    assert InboxMessage.objects.count() == 0


def test_transfer_to_the_current_owner_is_refused(actor, clock, sold) -> None:
    vehicle, seller, _ = sold
    exc = refused(
        services.vehicle_transfer,
        actor=actor,
        vehicle_id=vehicle.pk,
        new_owner=services.OwnerInput(phone=seller.phone, name=seller.name),
        transferred_on=TODAY,
        clock=clock,
    )
    assert set(exc.fields) == {"owner_phone"}


def test_transfer_needs_the_permission_and_a_staff_actor(clock, sold) -> None:
    vehicle, seller, buyer = sold
    junior = StaffFactory(junior=True, store__dealer_group=vehicle.dealer_group)  # no transfer permission
    args = {
        "vehicle_id": vehicle.pk,
        "new_owner": services.OwnerInput(phone=buyer.phone, name=buyer.name),
        "transferred_on": TODAY,
        "clock": clock,
    }
    assert isinstance(refused(services.vehicle_transfer, actor=actor_of_staff(junior), **args), PermissionDenied)
    assert isinstance(refused(services.vehicle_transfer, actor=actor_of_owner(seller), **args), PermissionDenied)


def test_transfer_of_another_groups_car_looks_missing(clock, sold) -> None:
    vehicle, _, buyer = sold
    outsider = actor_of_staff(StaffFactory(manager=True))
    exc = refused(
        services.vehicle_transfer,
        actor=outsider,
        vehicle_id=vehicle.pk,
        new_owner=services.OwnerInput(phone=buyer.phone, name=buyer.name),
        transferred_on=TODAY,
        clock=clock,
    )
    assert isinstance(exc, NotFound) and exc.code == "vehicle_not_found"


# -- odometer -----------------------------------------------------------------------------------


@pytest.fixture
def car(staff):
    return vehicle_with_owner(dealer_group=staff.dealer_group)


def record(actor, car, clock, km: int | None, days_ago: float = 0, **kwargs: Any) -> OdometerReading:
    return services.odometer_record(
        actor=actor,
        vehicle_id=car.pk,
        km=km,
        read_at=NOW - dt.timedelta(days=days_ago),
        clock=clock,
        **kwargs,
    )


def test_a_reading_is_stored_with_its_history_event(actor, staff, car, clock) -> None:
    reading = record(actor, car, clock, 30_000, note="  保养  ")
    assert (reading.km, reading.flag, reading.conflicts_with_id, reading.note, reading.source) == (
        30_000,
        "",
        None,
        "保养",
        "check_in",
    )
    event = HistoryEvent.objects.get(vehicle=car, event_type=HistoryEventType.ODOMETER_RECORDED)
    assert event.payload == {"km": 30_000, "source": "check_in", "flag": "", "reading": reading.pk}


def test_a_lower_reading_is_kept_and_flagged_never_dropped(actor, car, clock) -> None:
    high = record(actor, car, clock, 80_000, days_ago=30)
    low = record(actor, car, clock, 50_000)
    assert OdometerReading.objects.filter(vehicle=car).count() == 2
    low.refresh_from_db()
    assert (low.km, low.flag, low.conflicts_with_id) == (50_000, "rollback", high.pk)
    event = HistoryEvent.objects.filter(event_type="ODOMETER_RECORDED").order_by("-id").first()
    assert event is not None and event.payload["flag"] == "rollback"
    # The flagged reading is not trusted: a back-dated 70,000 is above it, yet consistent with the rest.
    assert record(actor, car, clock, 70_000, days_ago=40).flag == ""
    honest = record(actor, car, clock, 81_000, days_ago=-0.001)
    assert honest.flag == ""
    assert record(actor, car, clock, 79_000, days_ago=-0.002).conflicts_with_id == honest.pk


def test_a_back_dated_reading_above_a_later_one_is_flagged(actor, car, clock) -> None:
    later = record(actor, car, clock, 40_000, days_ago=1)
    backdated = record(actor, car, clock, 45_000, days_ago=10)
    assert (backdated.flag, backdated.conflicts_with_id) == ("ahead_of_later", later.pk)


def test_the_source_is_chosen_by_staff_and_forced_for_owners(actor, car, clock) -> None:
    assert record(actor, car, clock, 1_000, days_ago=3, source="inspection").source == "inspection"
    assert record(actor, car, clock, 1_100, days_ago=2, source="made-up").source == "check_in"
    owner_actor = actor_of_owner(OwnerFactory(login=True))
    mine = vehicle_with_owner(dealer_group=None, owner=Owner.objects.get(pk=owner_actor.owner_id))
    assert record(owner_actor, mine, clock, 500, source="inspection").source == "owner"


@pytest.mark.parametrize(
    ("km", "days_ago", "note", "fields"),
    [
        (None, 0, "", {"km"}),
        (-1, 0, "", {"km"}),
        (2_000_001, 0, "", {"km"}),
        (1_000, -1, "", {"read_at"}),  # tomorrow
        (1_000, 0, "x" * 201, {"note"}),
        (None, -1, "x" * 201, {"km", "read_at", "note"}),
    ],
)
def test_bad_readings_write_nothing(actor, car, clock, km, days_ago, note, fields) -> None:
    exc = refused(record, actor, car, clock, km, days_ago=days_ago, note=note)
    assert set(exc.fields) == fields


def test_odometer_needs_scope_and_permission(car, clock) -> None:
    stranger = actor_of_owner(OwnerFactory(login=True))
    assert isinstance(refused(record, stranger, car, clock, 1_000), NotFound)
    other_group = actor_of_staff(StaffFactory())
    assert isinstance(refused(record, other_group, car, clock, 1_000), NotFound)
    operator = actor_of_staff(StaffFactory(operator=True))  # operators see all but hold no odometer grant
    assert isinstance(refused(record, operator, car, clock, 1_000), PermissionDenied)


def test_existing_readings_from_factories_take_part_in_the_check(actor, car, clock) -> None:
    old = OdometerReadingFactory(vehicle=car, km=99_000, read_at=NOW - dt.timedelta(days=400))
    assert record(actor, car, clock, 98_000).conflicts_with_id == old.pk


def test_taking_up_a_known_vin_is_recorded_in_its_history(actor, clock) -> None:
    orphan = VehicleFactory(vin=make_vin(509), dealer_group=None, plate="")
    register(actor, clock, vin=make_vin(509), plate="京A99999", licence=None, odometer_km=None)
    assert HistoryEvent.objects.filter(vehicle=orphan).exists()
