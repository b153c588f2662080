"""Owner portal: fuel type, transmission and displacement when adding a car, and on the car's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.portal.tests.test_views import CAR, log_in_owner, my_car
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.tests.conftest import assert_chinese
from aftercare.vehicles.tests.factories import make_plate, make_vin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    client.cookies["django_language"] = "en"


def test_add_a_car_with_its_specification(client: Client) -> None:
    log_in_owner(client)
    spec = {"fuel_type": "hybrid", "transmission": "automatic", "displacement_l": "1.8"}
    data = CAR | spec | {"vin": make_vin(61), "plate": make_plate(61)}
    response = client.post(reverse("portal:vehicle-add"), data)
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == ("hybrid", "automatic", Decimal("1.8"))
    page = client.get(reverse("portal:vehicle", args=[vehicle.pk]))
    assert "Hybrid (HEV) · Automatic · 1.8 L" in page.text


def test_add_a_car_without_a_specification(client: Client) -> None:
    log_in_owner(client)
    data = CAR | {"vin": make_vin(62), "plate": make_plate(62)}
    assert client.post(reverse("portal:vehicle-add"), data).status_code == 302
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert (vehicle.fuel_type, vehicle.transmission, vehicle.displacement_l) == ("", "", None)
    page = client.get(reverse("portal:vehicle", args=[vehicle.pk]))
    assert 'class="vehicle-spec"' not in page.text  # nothing to show, so no empty box


def test_the_add_form_asks_for_the_specification(client: Client) -> None:
    log_in_owner(client)
    page = client.get(reverse("portal:vehicle-add"))
    for name in ("fuel_type", "transmission", "displacement_l"):
        assert f'name="{name}"' in page.text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_bad_specification_is_named_in_my_language_and_nothing_is_saved(client: Client, language: str) -> None:
    client.cookies["django_language"] = language
    log_in_owner(client)
    spec = {"fuel_type": "electric", "transmission": "automatic", "displacement_l": "1.5"}
    data = CAR | spec | {"vin": make_vin(63), "plate": make_plate(63)}
    response = client.post(reverse("portal:vehicle-add"), data)
    assert response.status_code == 400
    errors = response.text.split('data-field="displacement_l"', 1)[1].split("</ul>", 1)[0]
    if language == "en":
        assert "An electric car has no engine displacement: leave it empty." in errors
    else:
        assert "electric car" not in errors
        assert_chinese(errors)
    assert 'value="1.5"' in response.text
    assert Vehicle.objects.count() == 0 and VehicleLicence.objects.count() == 0


def test_my_car_page_shows_the_specification(client: Client) -> None:
    me = log_in_owner(client)
    car = my_car(me)
    Vehicle.objects.filter(pk=car.pk).update(fuel_type="petrol", transmission="manual", displacement_l=Decimal("1.6"))
    page = client.get(reverse("portal:vehicle", args=[car.pk]))
    assert "Petrol · Manual · 1.6 L" in page.text
    client.cookies["django_language"] = "zh-hans"
    assert "汽油 · 手动 · 1.6 L" in client.get(reverse("portal:vehicle", args=[car.pk])).text
