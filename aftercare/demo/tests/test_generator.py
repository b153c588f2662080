"""The demo network: layout, validity of every generated value, history, logins, determinism."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from aftercare.demo import logins
from aftercare.demo.cars import MAKES
from aftercare.demo.places import CITIES
from aftercare.demo.tests.conftest import NOW
from aftercare.history.models import HistoryEvent
from aftercare.kernel import plates, vin
from aftercare.kernel.phones import check_mobile
from aftercare.network.models import Customer, DealerGroup, ServiceBay, Staff, Store
from aftercare.network.selectors import actor_for_user
from aftercare.notifications.models import InboxMessage
from aftercare.owners.models import Consent, Owner
from aftercare.vehicles import rules
from aftercare.vehicles.models import OdometerReading, Vehicle, VehicleLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(demo_network):
    return demo_network


def test_eighty_stores_across_the_seven_cities(summary):
    per_city = Counter(Store.objects.values_list("city_en", flat=True))
    assert per_city == {c.name_en: c.stores for c in CITIES}
    assert sum(per_city.values()) == 80 == summary.stores
    assert per_city["Beijing"] > per_city["Nanjing"] > per_city["Wenzhou"]
    assert DealerGroup.objects.count() == summary.groups == 12
    assert Store.objects.get(code="bj-01").name == "北京亚运村上汽大众4S店"
    assert len(set(Store.objects.values_list("name", flat=True))) == 80


def test_stores_have_places_phones_and_hours(summary):
    centres = {c.name: c.districts for c in CITIES}
    for store in Store.objects.all():
        district = next(d for d in centres[store.city] if d.name == store.district)
        assert abs(float(store.latitude) - district.lat) < 0.03
        assert abs(float(store.longitude) - district.lon) < 0.03
        assert store.address.endswith("号") and store.district in store.address
        assert store.name_en and store.phone.startswith("0")
        assert set(store.opening_hours) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}


def test_bays_and_skills(summary):
    bays = ServiceBay.objects.prefetch_related("skills")
    per_store: dict[int, list[set[str]]] = defaultdict(list)
    for bay in bays:
        per_store[bay.store_id].append({s.code for s in bay.skills.all()})
    assert len(per_store) == 80 and sum(len(b) for b in per_store.values()) == summary.bays
    for skill_sets in per_store.values():
        assert 6 <= len(skill_sets) <= 12
        assert all(1 <= len(s) <= 3 for s in skill_sets)
        assert any("general" in s for s in skill_sets)


def test_staff_per_store_and_operators(summary):
    roles = Counter(Staff.objects.filter(store__isnull=False).values_list("store_id", "role"))
    for store_id in Store.objects.values_list("pk", flat=True):
        assert roles[(store_id, "manager")] == 1
        assert 2 <= roles[(store_id, "advisor")] <= 4
        assert 3 <= roles[(store_id, "technician")] <= 6
    operators = Staff.objects.filter(role="operator")
    assert operators.count() == 2 and not operators.filter(dealer_group__isnull=False).exists()
    levels = set(Staff.objects.filter(role="technician").values_list("level", flat=True))
    assert levels == {"junior", "intermediate", "senior"}
    assert Staff.objects.count() == summary.staff
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    assert len(usernames) == len(set(usernames))


def test_every_vin_plate_and_phone_is_valid(summary):
    vehicles = list(Vehicle.objects.all())
    assert len(vehicles) == summary.vehicles > 150
    for v in vehicles:
        decoded = vin.decode(v.vin, current_year=NOW.year)
        assert decoded.valid, (v.vin, decoded.errors)
        assert (decoded.wmi, decoded.model_year) == (v.wmi, v.model_year)
        assert 2012 <= v.model_year <= 2024 and v.manufacturer
        check = plates.check(v.plate)
        assert check.valid and check.kind == v.plate_kind, v.plate
    for phone in Owner.objects.values_list("phone", flat=True):
        assert check_mobile(phone).e164 == phone


def test_plates_match_the_city_and_energy(summary):
    prefixes = {c.name: c.plate_prefixes for c in CITIES}
    energy = {(m.brand, model.name): model.energy for m in MAKES.values() for model in m.models}
    customers = Customer.objects.select_related("advisor__store")
    city_of_owner = {c.owner_id: c.advisor.store.city for c in customers}
    for v in Vehicle.objects.prefetch_related("ownerships"):
        city = city_of_owner[v.ownerships.all()[0].owner_id]
        assert v.plate[:2] in prefixes[city], (v.plate, city)
        assert (v.plate_kind == "new_energy_small") == bool(energy[v.brand, v.model])
        assert len(v.plate) == (8 if energy[v.brand, v.model] else 7)


def test_licences_ownerships_and_customers(summary):
    assert VehicleLicence.objects.count() == summary.vehicles
    for lic in VehicleLicence.objects.select_related("vehicle"):
        assert lic.plate == lic.vehicle.plate and lic.issue_date >= lic.registration_date
        assert lic.vehicle_type in ("小型轿车", "小型普通客车")
        owner = lic.vehicle.ownerships.get(ended_on__isnull=True).owner
        assert lic.registered_owner_name == owner.name
    for customer in Customer.objects.select_related("advisor"):
        assert customer.advisor.role == "advisor"
        assert customer.advisor.dealer_group_id == customer.dealer_group_id
    granted = Consent.objects.filter(purpose="service", granted=True).values("owner").distinct().count()
    assert granted == Owner.objects.count() == summary.owners


def test_every_row_passes_model_validation(summary):
    for model in (Store, ServiceBay, Staff, Owner, Customer, Consent, Vehicle, VehicleLicence, OdometerReading):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()  # field validators, choices, unique and check constraints


def test_every_car_has_its_model_specification(summary):
    vehicles = list(Vehicle.objects.all())
    assert all(v.fuel_type and v.transmission for v in vehicles)
    assert all((v.displacement_l is None) == (v.fuel_type == "electric") for v in vehicles)
    demo_owner = Vehicle.objects.filter(ownerships__owner__phone="+8613800138000")
    assert all(v.fuel_type for v in demo_owner)  # registered through the service, not inserted


def test_history_events_mirror_the_services(summary):
    events = Counter(HistoryEvent.objects.values_list("vehicle_id", "event_type"))
    readings = Counter(OdometerReading.objects.values_list("vehicle_id", flat=True))
    for v in Vehicle.objects.all():
        assert events[(v.pk, "VEHICLE_REGISTERED")] == 1 and events[(v.pk, "LICENCE_RECORDED")] == 1
        assert events[(v.pk, "ODOMETER_RECORDED")] == readings[v.pk]
        # 2-6 from the plan, one more for the cars given a rollback, the before/after readings of an odometer
        # break, and readings taken at the demo's inspections, check-ins and hand-overs (at most 3 per car)
        assert 2 <= readings[v.pk] - 2 * events[(v.pk, "ODOMETER_BREAK")] <= 10
    by_pk = {r.pk: r for r in OdometerReading.objects.all()}
    for event in HistoryEvent.objects.filter(event_type="ODOMETER_RECORDED"):
        reading = by_pk[event.payload["reading"]]
        assert (event.payload["km"], event.payload["flag"]) == (reading.km, reading.flag)
        assert event.occurred_at == reading.read_at and event.vehicle_id == reading.vehicle_id


def test_flags_are_what_the_odometer_check_decides(summary):
    by_vehicle: dict[int, list[OdometerReading]] = defaultdict(list)
    for r in OdometerReading.objects.order_by("read_at"):
        by_vehicle[r.vehicle_id].append(r)
    flagged = 0
    breaks: dict[int, list] = defaultdict(list)
    for vehicle_id, at in HistoryEvent.objects.filter(event_type="ODOMETER_BREAK").values_list(
        "vehicle_id", "occurred_at"
    ):
        breaks[vehicle_id].append(at)
    for vehicle_id, readings in by_vehicle.items():
        for i, r in enumerate(readings):
            earlier = [rules.Reading(p.pk, p.km, p.read_at, bool(p.flag)) for p in readings[:i]]
            verdict = rules.odometer_check(r.km, r.read_at, earlier, breaks[vehicle_id])
            assert (r.flag, r.conflicts_with_id) == (verdict.flag, verdict.conflicts_with)
            flagged += bool(r.flag)
    assert flagged == summary.flagged >= 1
    assert all(r.read_at <= NOW for r in OdometerReading.objects.all())


def test_demo_logins_authenticate(summary):
    request = RequestFactory().post("/login/")
    store = Store.objects.get(code="bj-01")
    for role, username in logins.STAFF_LOGINS.items():
        user = authenticate(request, username=username, password=logins.DEMO_PASSWORD)
        assert user is not None, username
        staff = Staff.objects.get(user=user)
        assert staff.role == role
        assert staff.store_id == (None if role == "operator" else store.pk)
    advisor = get_user_model().objects.get(username="demo-advisor")
    assert actor_for_user(advisor).can("owners.reveal_personal_data")
    assert authenticate(request, username="bj-02-advisor-1", password=logins.DEMO_PASSWORD) is None
    lines = logins.demo_logins()
    assert len(lines) == 5 and "demo-advisor / aftercare-demo" in lines[0]
    assert "13800138000" in lines[-1] and "console" in lines[-1]


def test_demo_owner_has_two_cars_and_an_inbox(summary):
    owner = Owner.objects.get(phone="+8613800138000")
    assert owner.name == logins.DEMO_OWNER_NAME and owner.user_id is not None
    cars = Vehicle.objects.filter(ownerships__owner=owner, ownerships__ended_on__isnull=True)
    store = Store.objects.get(code="bj-01")
    # Two cars from the showcase, and the one bought a month ago for the Homecoming refusal (demo/homecoming.py).
    assert cars.count() == 3 and {c.dealer_group_id for c in cars} == {store.dealer_group_id}
    assert all(c.history.filter(event_type="VEHICLE_REGISTERED").exists() for c in cars)
    # the welcome, then what the other demo features tell the owner (Homecoming, recalls, bookings, repairs)
    titles = list(InboxMessage.objects.filter(recipient_id=owner.user_id).values_list("title", flat=True))
    assert len(titles) >= 3 and len(set(titles)) >= 3
    customer = Customer.objects.get(owner=owner)
    assert customer.advisor.user.username == "demo-advisor"
