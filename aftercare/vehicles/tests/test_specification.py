"""A car's technical specification (fuel type, transmission, displacement): typed at registration, corrected later."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from aftercare.accounts.services import api_token_create
from aftercare.audit.models import AuditEntry
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.network.tests.factories import StaffFactory, actor_of_owner, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import inputs, services
from aftercare.vehicles.inputs import LicenceInput, SpecificationInput
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.conftest import assert_chinese, db_fingerprint
from aftercare.vehicles.tests.factories import VehicleFactory, make_plate, make_vin, vehicle_with_owner

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
LICENCE = LicenceInput("李四", "小型轿车", "private", dt.date(2020, 1, 1), dt.date(2023, 5, 1), "大众朗逸")
FUEL = "Choose a fuel type from the list."
GEARBOX = "Choose a transmission from the list."
LITRES = "The engine displacement must be between 0.0 and 9.9 litres."
ONE_DECIMAL = "Give the engine displacement in litres with at most one decimal, e.g. 1.4."
ELECTRIC = "An electric car has no engine displacement: leave it empty."


def problems_of(spec: SpecificationInput) -> dict[str, list[str]]:
    found: inputs.FieldErrors = {}
    inputs.specification_clean(spec, found)
    with translation.override("en"):
        return {name: [str(m) for m in msgs] for name, msgs in found.items()}


# -- the check (no database) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        SpecificationInput(),
        SpecificationInput("petrol", "dual_clutch", Decimal("1.4")),
        SpecificationInput("plug_in_hybrid", "automatic", Decimal("1.5")),
        SpecificationInput("electric", "automatic", None),
        SpecificationInput("electric", "", Decimal("0.0")),
        SpecificationInput("diesel", "manual", Decimal("9.9")),
        SpecificationInput("", "", Decimal("2.00")),  # the same number as 2.0
        SpecificationInput(" hybrid ", "automatic", Decimal("0")),
    ],
)
def test_good_specifications_pass(spec: SpecificationInput) -> None:
    assert problems_of(spec) == {}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (SpecificationInput(fuel_type="gasoline"), {"fuel_type": [FUEL]}),
        (SpecificationInput(fuel_type="Petrol"), {"fuel_type": [FUEL]}),
        (SpecificationInput(transmission="cvt"), {"transmission": [GEARBOX]}),
        (SpecificationInput(displacement_l=Decimal("10.0")), {"displacement_l": [LITRES]}),
        (SpecificationInput(displacement_l=Decimal("-0.1")), {"displacement_l": [LITRES]}),
        (SpecificationInput(displacement_l=Decimal("1E+1000000")), {"displacement_l": [LITRES]}),
        (SpecificationInput(displacement_l=Decimal("NaN")), {"displacement_l": [LITRES]}),
        (SpecificationInput(displacement_l=Decimal("1.45")), {"displacement_l": [ONE_DECIMAL]}),
        (SpecificationInput("electric", "automatic", Decimal("1.5")), {"displacement_l": [ELECTRIC]}),
        (
            SpecificationInput("coal", "four-speed", Decimal("99")),
            {"fuel_type": [FUEL], "transmission": [GEARBOX], "displacement_l": [LITRES]},
        ),
    ],
)
def test_bad_specifications_name_the_field(spec: SpecificationInput, expected: dict[str, list[str]]) -> None:
    assert problems_of(spec) == expected


# -- services ---------------------------------------------------------------------------------------


@pytest.fixture
def staff():
    return StaffFactory()  # senior advisor: may register


def _register(actor: Any, n: int = 501, **overrides: Any) -> Vehicle:
    args: dict[str, Any] = {
        "vin": make_vin(n),
        "plate": make_plate(n),
        "licence": LICENCE,
        "owner": services.OwnerInput(phone="13812345678", name="李四"),
    }
    return services.vehicle_register(actor=actor, clock=FixedClock(NOW), **(args | overrides))


@pytest.mark.django_db
def test_registration_stores_the_specification(staff) -> None:
    spec = SpecificationInput("petrol", "dual_clutch", Decimal("1.4"))
    vehicle = _register(actor_of_staff(staff), specification=spec)
    vehicle.refresh_from_db()
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == (
        "petrol",
        "dual_clutch",
        Decimal("1.4"),
    )


@pytest.mark.django_db
def test_registration_without_a_specification_leaves_it_blank(staff) -> None:
    vehicle = _register(actor_of_staff(staff))
    vehicle.refresh_from_db()
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == ("", "", None)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_registration_with_a_bad_specification_writes_nothing(staff, language: str) -> None:
    before = db_fingerprint()
    spec = SpecificationInput("steam", "automatic", Decimal("1.45"))
    with pytest.raises(DomainError) as exc:
        _register(actor_of_staff(staff), specification=spec)
    assert db_fingerprint() == before
    with translation.override(language):
        fields = exc.value.render_fields()
    assert set(fields) == {"fuel_type", "displacement_l"}
    if language == "en":
        assert fields == {"fuel_type": [FUEL], "displacement_l": [ONE_DECIMAL]}
    else:
        for messages in fields.values():
            assert_chinese(messages[0])


@pytest.mark.django_db
def test_a_known_car_taken_up_again_keeps_its_specification_and_fills_blanks(staff) -> None:
    known = VehicleFactory(vin=make_vin(777), dealer_group=staff.dealer_group, fuel_type="diesel")
    spec = SpecificationInput("petrol", "manual", Decimal("2.0"))
    vehicle = _register(actor_of_staff(staff), n=777, specification=spec)
    assert vehicle.pk == known.pk
    known.refresh_from_db()
    assert (known.fuel_type, known.transmission, known.displacement_l) == ("diesel", "manual", Decimal("2.0"))


@pytest.mark.django_db
def test_staff_correct_the_specification_and_it_is_audited(staff) -> None:
    car = vehicle_with_owner(dealer_group=staff.dealer_group, fuel_type="petrol")
    spec = SpecificationInput("hybrid", "automatic", Decimal("1.8"))
    returned = services.vehicle_specification_set(actor=actor_of_staff(staff), vehicle_id=car.pk, specification=spec)
    car.refresh_from_db()
    assert (car.fuel_type, car.transmission, car.displacement_l) == ("hybrid", "automatic", Decimal("1.8"))
    assert (returned.fuel_type, returned.displacement_l) == ("hybrid", Decimal("1.8"))
    entry = AuditEntry.objects.get(object_type="vehicle", object_id=str(car.pk))
    assert (entry.actor_id, entry.action, entry.dealer_group_id) == (
        staff.user_id,
        "vehicle.specification_set",
        staff.dealer_group_id,
    )
    assert set(entry.fields) == {"fuel_type", "transmission", "displacement_l"}


@pytest.mark.django_db
def test_clearing_the_specification_and_saving_the_same_values_again(staff) -> None:
    car = vehicle_with_owner(
        dealer_group=staff.dealer_group, fuel_type="petrol", transmission="manual", displacement_l=Decimal("1.6")
    )
    actor = actor_of_staff(staff)
    same = SpecificationInput("petrol", "manual", Decimal("1.60"))
    services.vehicle_specification_set(actor=actor, vehicle_id=car.pk, specification=same)
    assert not AuditEntry.objects.exists()  # nothing changed, nothing to audit
    services.vehicle_specification_set(actor=actor, vehicle_id=car.pk, specification=SpecificationInput())
    car.refresh_from_db()
    assert (car.fuel_type, car.transmission, car.displacement_l) == ("", "", None)


@pytest.mark.django_db
def test_a_foreign_car_is_not_found_and_unchanged(staff) -> None:
    foreign = vehicle_with_owner(dealer_group=StaffFactory().dealer_group)
    before = db_fingerprint()
    with pytest.raises(NotFound):
        services.vehicle_specification_set(
            actor=actor_of_staff(staff), vehicle_id=foreign.pk, specification=SpecificationInput("petrol")
        )
    assert db_fingerprint() == before


@pytest.mark.django_db
def test_only_staff_who_may_register_cars_set_the_specification() -> None:
    technician = StaffFactory(technician=True)
    owner = OwnerFactory(login=True)
    car = vehicle_with_owner(dealer_group=technician.dealer_group, owner=owner)
    for actor in (actor_of_staff(technician), actor_of_owner(owner)):
        with pytest.raises(PermissionDenied):
            services.vehicle_specification_set(
                actor=actor, vehicle_id=car.pk, specification=SpecificationInput("petrol")
            )
    car.refresh_from_db()
    assert car.fuel_type == ""


@pytest.mark.django_db
def test_a_bad_correction_writes_nothing(staff) -> None:
    car = vehicle_with_owner(dealer_group=staff.dealer_group, fuel_type="petrol")
    before = db_fingerprint()
    with pytest.raises(DomainError) as exc:
        services.vehicle_specification_set(
            actor=actor_of_staff(staff),
            vehicle_id=car.pk,
            specification=SpecificationInput("electric", "cvt", Decimal("2.0")),
        )
    assert db_fingerprint() == before
    with translation.override("en"):
        assert exc.value.render_fields() == {"transmission": [GEARBOX], "displacement_l": [ELECTRIC]}


# -- API --------------------------------------------------------------------------------------------


def _headers(user: Any, language: str = "en") -> dict[str, str]:
    key = api_token_create(user=user, name="test")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": language}


def _send(client: Client, method: str, url: str, body: Any, **headers: Any) -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


REGISTRATION = {
    "vin": make_vin(4321),
    "plate": make_plate(4321),
    "owner": {"phone": "13900009000", "name": "新车主"},
}


@pytest.mark.django_db
def test_api_registers_with_and_without_a_specification(client: Client) -> None:
    manager = StaffFactory(manager=True)
    body = REGISTRATION | {"fuel_type": "plug_in_hybrid", "transmission": "automatic", "displacement_l": 1.5}
    response = _send(client, "POST", "/api/v1/vehicles", body, **_headers(manager.user))
    assert response.status_code == 201, response.json()
    got = response.json()
    assert (got["fuel_type"], got["transmission"], got["displacement_l"]) == ("plug_in_hybrid", "automatic", 1.5)
    plain = {"vin": make_vin(4322), "plate": make_plate(4322), "owner": {"phone": "13900009001", "name": "车主"}}
    response = _send(client, "POST", "/api/v1/vehicles", plain, **_headers(manager.user))
    assert response.status_code == 201
    assert (response.json()["fuel_type"], response.json()["displacement_l"]) == ("", None)


@pytest.mark.django_db
def test_api_sets_the_specification_and_refuses_bad_values_in_both_languages(client: Client) -> None:
    manager = StaffFactory(manager=True)
    car = vehicle_with_owner(dealer_group=manager.dealer_group)
    url = f"/api/v1/vehicles/{car.pk}/specification"
    good = {"fuel_type": "diesel", "transmission": "manual", "displacement_l": "2.0"}
    response = _send(client, "PUT", url, good, **_headers(manager.user))
    assert response.status_code == 200
    assert (response.json()["fuel_type"], response.json()["displacement_l"]) == ("diesel", 2.0)
    before = db_fingerprint()
    for language in ("en", "zh-hans"):
        bad = _send(client, "PUT", url, {"fuel_type": "coal", "displacement_l": 12}, **_headers(manager.user, language))
        assert bad.status_code == 400 and set(bad.json()["fields"]) == {"fuel_type", "displacement_l"}
        if language == "en":
            assert bad.json()["fields"] == {"fuel_type": [FUEL], "displacement_l": [LITRES]}
        else:
            assert_chinese(bad.json()["fields"]["fuel_type"][0])
    # the tokens created per request above are not watched; nothing else was written
    assert db_fingerprint()["Vehicle"] == before["Vehicle"]
    assert db_fingerprint()["AuditEntry"] == before["AuditEntry"]
