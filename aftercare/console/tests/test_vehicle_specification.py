"""Console: a car's fuel type, transmission and displacement at registration, on the vehicle page, corrected."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.audit.models import AuditEntry
from aftercare.console.tests.conftest import make_car, without_tokens
from aftercare.console.tests.test_vehicle_pages import REGISTRATION, vehicle_url
from aftercare.owners.models import Owner
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.conftest import assert_chinese
from aftercare.vehicles.tests.factories import make_vin

pytestmark = pytest.mark.django_db

SPEC = {"fuel_type": "petrol", "transmission": "dual_clutch", "displacement_l": "1.4"}


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    client.cookies["django_language"] = "en"


def test_register_a_vehicle_with_its_specification(client: Client, advisor) -> None:
    data = REGISTRATION | SPEC | {"vin": make_vin(5151)}
    response = client.post(reverse("console:vehicle-register"), data)
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == (
        "petrol",
        "dual_clutch",
        Decimal("1.4"),
    )
    page = client.get(response["Location"])
    assert "Petrol · Dual-clutch · 1.4 L" in page.text


def test_register_a_vehicle_without_a_specification(client: Client, advisor) -> None:
    data = REGISTRATION | {"vin": make_vin(5152)}
    assert client.post(reverse("console:vehicle-register"), data).status_code == 302
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == ("", "", None)


def test_the_register_form_asks_for_the_specification(client: Client, advisor) -> None:
    page = client.get(reverse("console:vehicle-register"))
    for name in ("fuel_type", "transmission", "displacement_l"):
        assert f'name="{name}"' in page.text


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"displacement_l": "12.5"}, "displacement_l", "The engine displacement must be between 0.0 and 9.9 litres."),
        (
            {"displacement_l": "1.45"},
            "displacement_l",
            "Give the engine displacement in litres with at most one decimal, e.g. 1.4.",
        ),
        (
            {"fuel_type": "electric", "displacement_l": "1.5"},
            "displacement_l",
            "An electric car has no engine displacement: leave it empty.",
        ),
        ({"fuel_type": "steam"}, "fuel_type", None),  # not one of the choices: the form refuses it
        ({"displacement_l": "big"}, "displacement_l", None),
    ],
)
def test_a_bad_specification_at_registration_is_named_and_nothing_is_saved(
    client: Client, advisor, bad: dict[str, str], field: str, message: str | None
) -> None:
    data = REGISTRATION | SPEC | bad | {"vin": make_vin(5153)}
    response = client.post(reverse("console:vehicle-register"), data)
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.text
    if message:
        assert message in response.text
    assert Vehicle.objects.count() == 0 and Owner.objects.count() == 0


def test_a_bad_specification_is_explained_in_chinese(client: Client, advisor) -> None:
    client.cookies["django_language"] = "zh-hans"
    data = REGISTRATION | SPEC | {"displacement_l": "10", "vin": make_vin(5154)}
    response = client.post(reverse("console:vehicle-register"), data)
    assert response.status_code == 400
    errors = response.text.split('data-field="displacement_l"', 1)[1].split("</ul>", 1)[0]
    assert "The engine displacement" not in errors
    assert_chinese(errors)
    assert Vehicle.objects.count() == 0


def test_the_vehicle_page_shows_the_specification_and_a_filled_in_form(client: Client, advisor) -> None:
    car = make_car(advisor)
    Vehicle.objects.filter(pk=car.vehicle.pk).update(
        fuel_type="hybrid", transmission="automatic", displacement_l=Decimal("1.8")
    )
    page = client.get(vehicle_url(car.vehicle))
    assert "Hybrid (HEV) · Automatic · 1.8 L" in page.text
    assert f'action="/console/vehicles/{car.vehicle.pk}/specification/' in page.text
    assert 'value="hybrid" selected' in page.text and 'value="1.8"' in page.text


def test_a_car_without_a_specification_shows_a_dash(client: Client, advisor) -> None:
    car = make_car(advisor)
    page = client.get(vehicle_url(car.vehicle))
    assert '<strong class="vehicle-spec">—</strong>' in page.text


def test_correct_the_specification(client: Client, advisor) -> None:
    car = make_car(advisor)
    response = client.post(vehicle_url(car.vehicle, "specification/"), SPEC)
    assert response.status_code == 302 and response["Location"] == vehicle_url(car.vehicle)
    car.vehicle.refresh_from_db()
    assert (car.vehicle.fuel_type, car.vehicle.transmission, car.vehicle.displacement_l) == (
        "petrol",
        "dual_clutch",
        Decimal("1.4"),
    )
    assert AuditEntry.objects.filter(action="vehicle.specification_set", object_id=str(car.vehicle.pk)).exists()
    page = client.get(response["Location"])
    assert "Specification saved." in page.text and "Petrol · Dual-clutch · 1.4 L" in page.text


def test_an_electric_car_is_cleared_of_its_displacement(client: Client, advisor) -> None:
    car = make_car(advisor)
    Vehicle.objects.filter(pk=car.vehicle.pk).update(fuel_type="petrol", displacement_l=Decimal("1.5"))
    data = {"fuel_type": "electric", "transmission": "automatic", "displacement_l": ""}
    assert client.post(vehicle_url(car.vehicle, "specification/"), data).status_code == 302
    car.vehicle.refresh_from_db()
    assert (car.vehicle.fuel_type, car.vehicle.displacement_l) == ("electric", None)
    assert "Electric · Automatic" in client.get(vehicle_url(car.vehicle)).text


def test_a_bad_correction_shows_the_error_in_the_open_panel_and_changes_nothing(client: Client, advisor) -> None:
    car = make_car(advisor)
    data = {"fuel_type": "petrol", "transmission": "", "displacement_l": "-1"}
    response = client.post(vehicle_url(car.vehicle, "specification/"), data)
    assert response.status_code == 400
    assert 'data-field="displacement_l"' in response.text
    assert "The engine displacement must be between 0.0 and 9.9 litres." in response.text
    assert 'value="-1"' in response.text
    assert '<section class="card" id="specification">\n      <details class="disclosure" open>' in response.text
    car.vehicle.refresh_from_db()
    assert (car.vehicle.fuel_type, car.vehicle.displacement_l) == ("", None)
    assert not AuditEntry.objects.exists()


def test_a_bad_correction_is_explained_in_chinese(client: Client, advisor) -> None:
    client.cookies["django_language"] = "zh-hans"
    car = make_car(advisor)
    response = client.post(vehicle_url(car.vehicle, "specification/"), {"displacement_l": "2.55"})
    assert response.status_code == 400
    errors = response.text.split('data-field="displacement_l"', 1)[1].split("</ul>", 1)[0]
    assert "one decimal" not in errors
    assert_chinese(errors)


def test_a_technician_sees_no_form_and_cannot_post_one(client: Client, technician) -> None:
    car = make_car(technician)
    page = client.get(vehicle_url(car.vehicle))
    assert "/specification/" not in page.text
    assert client.post(vehicle_url(car.vehicle, "specification/"), SPEC).status_code == 403
    car.vehicle.refresh_from_db()
    assert car.vehicle.fuel_type == ""


def test_a_foreign_car_is_404_exactly_like_a_missing_one_and_unchanged(client: Client, advisor) -> None:
    foreign = make_car()
    missing = client.post(reverse("console:vehicle-specification", args=[999_999]), SPEC)
    other = client.post(vehicle_url(foreign.vehicle, "specification/"), SPEC)
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)
    foreign.vehicle.refresh_from_db()
    assert foreign.vehicle.fuel_type == ""


def test_the_correction_is_post_only(client: Client, advisor) -> None:
    car = make_car(advisor)
    assert client.get(vehicle_url(car.vehicle, "specification/")).status_code == 405
