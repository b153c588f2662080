"""Console vehicle pages: search, the vehicle page, readings, transfers and registration."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.console.tests.conftest import make_car, without_tokens
from aftercare.history.models import HistoryEvent
from aftercare.network.tests.factories import StaffFactory
from aftercare.owners.models import Owner
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle
from aftercare.vehicles.tests.factories import make_vin

pytestmark = pytest.mark.django_db


def vehicle_url(vehicle: Vehicle, suffix: str = "") -> str:
    return reverse("console:vehicle", args=[vehicle.pk]) + suffix


def test_anonymous_goes_to_the_staff_login(client: Client) -> None:
    response = client.get(reverse("console:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/console/")


def test_owners_are_not_let_into_the_console(client: Client) -> None:
    owner = Owner.objects.create(name="车主", phone="+8613800138000")
    from aftercare.accounts.services import owner_user_ensure

    owner.user = owner_user_ensure(phone=owner.phone)
    owner.save()
    client.force_login(owner.user)
    assert client.get(reverse("console:dashboard")).status_code == 403


def test_dashboard_shows_counts_and_recent_cars_masked(client: Client, advisor) -> None:
    car = make_car(advisor, name="王小明", phone="+8613812345678")
    page = client.get(reverse("console:dashboard"))
    assert page.status_code == 200
    assert car.vehicle.vin[-6:] in page.text
    assert "王**" in page.text and "138****5678" in page.text
    assert "王小明" not in page.text and "13812345678" not in page.text


@pytest.mark.parametrize("how", ["plate", "last6", "vin", "phone"])
def test_search_with_one_match_opens_the_vehicle(client: Client, advisor, how: str) -> None:
    car = make_car(advisor, phone="+8613812345678")
    make_car(advisor)
    query = {
        "plate": car.vehicle.plate,
        "last6": car.vehicle.vin[-6:],
        "vin": car.vehicle.vin.lower(),
        "phone": "138 1234 5678",
    }[how]
    response = client.get(reverse("console:vehicles"), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == vehicle_url(car.vehicle)


def test_search_without_match_explains_what_to_type(client: Client, advisor) -> None:
    page = client.get(reverse("console:vehicles"), {"q": "ZZZZZZ"})
    assert page.status_code == 200
    assert 'class="empty"' in page.text


def test_search_never_finds_another_groups_car(client: Client, advisor) -> None:
    foreign = make_car()
    response = client.get(reverse("console:vehicles"), {"q": foreign.vehicle.plate})
    assert response.status_code == 200
    assert foreign.vehicle.vin not in response.text


def test_search_lists_several_matches(client: Client, advisor, django_assert_max_num_queries) -> None:
    cars = [make_car(advisor) for _ in range(4)]
    for i, car in enumerate(cars):
        Vehicle.objects.filter(pk=car.vehicle.pk).update(plate=f"京Z1000{i}")
    with django_assert_max_num_queries(12):  # a fixed number, however many rows
        page = client.get(reverse("console:vehicles"), {"q": "京Z"})
    assert page.status_code == 200
    assert all(car.vehicle.vin[-6:] in page.text for car in cars)


def test_vehicle_page_shows_masked_owner_readings_and_history(client: Client, advisor) -> None:
    car = make_car(advisor, name="王小明", phone="+8613812345678")
    page = client.get(vehicle_url(car.vehicle))
    assert page.status_code == 200
    assert car.vehicle.vin[:-6] in page.text
    assert "王**" in page.text and "138****5678" in page.text
    assert "王小明" not in page.text and "13812345678" not in page.text
    assert "20,000 km" in page.text
    assert f'action="/console/vehicles/{car.vehicle.pk}/odometer/' in page.text
    assert f'action="/console/vehicles/{car.vehicle.pk}/transfer/' in page.text


def test_foreign_vehicle_is_404_exactly_like_a_missing_one(client: Client, advisor) -> None:
    foreign = make_car()
    missing = client.get(reverse("console:vehicle", args=[999_999]))
    other = client.get(vehicle_url(foreign.vehicle))
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)


def test_technician_sees_no_transfer_form_and_cannot_post_one(client: Client, technician) -> None:
    car = make_car(technician)
    page = client.get(vehicle_url(car.vehicle))
    assert "/transfer/" not in page.text
    assert "/odometer/" in page.text
    data = {"owner_phone": "13900000001", "owner_name": "新车主", "transferred_on": "2025-06-01"}
    assert client.post(vehicle_url(car.vehicle, "transfer/"), data).status_code == 403
    assert Ownership.objects.filter(vehicle=car.vehicle).count() == 1


def test_record_a_reading(client: Client, advisor) -> None:
    car = make_car(advisor)
    response = client.post(vehicle_url(car.vehicle, "odometer/"), {"km": "25000", "source": "check_in"})
    assert response.status_code == 302
    assert car.vehicle.odometer_readings.filter(km=25_000, flag="").exists()
    assert "25,000 km" in client.get(response["Location"]).text


def test_a_rollback_reading_is_kept_and_shown_with_a_red_flag(client: Client, advisor) -> None:
    car = make_car(advisor)
    client.post(vehicle_url(car.vehicle, "odometer/"), {"km": "5000"})
    assert car.vehicle.odometer_readings.get(km=5000).flag == "rollback"
    page = client.get(vehicle_url(car.vehicle))
    assert 'class="badge badge-danger"' in page.text
    assert 'class="is-flagged"' in page.text


def test_a_bad_reading_shows_the_error_and_saves_nothing(client: Client, advisor) -> None:
    car = make_car(advisor)
    before = OdometerReading.objects.count()
    response = client.post(vehicle_url(car.vehicle, "odometer/"), {"km": "", "note": "x" * 300})
    assert response.status_code == 400
    assert 'data-field="km"' in response.text and 'data-field="note"' in response.text
    assert OdometerReading.objects.count() == before


def test_reading_for_a_foreign_vehicle_is_404_and_saves_nothing(client: Client, advisor) -> None:
    foreign = make_car()
    before = OdometerReading.objects.count()
    assert client.post(vehicle_url(foreign.vehicle, "odometer/"), {"km": "30000"}).status_code == 404
    assert OdometerReading.objects.count() == before


def test_record_a_transfer(client: Client, advisor) -> None:
    car = make_car(advisor)
    data = {"owner_phone": "139 0000 0001", "owner_name": "新车主", "transferred_on": "2025-06-01", "km": "30000"}
    response = client.post(vehicle_url(car.vehicle, "transfer/"), data)
    assert response.status_code == 302
    current = Ownership.objects.get(vehicle=car.vehicle, ended_on__isnull=True)
    assert current.owner.phone == "+8613900000001"


def test_a_bad_transfer_keeps_the_input_and_changes_nothing(client: Client, advisor) -> None:
    car = make_car(advisor)
    data = {"owner_phone": "12345", "owner_name": "", "transferred_on": "2025-06-01"}
    response = client.post(vehicle_url(car.vehicle, "transfer/"), data)
    assert response.status_code == 400
    assert 'data-field="owner_phone"' in response.text and 'data-field="owner_name"' in response.text
    assert 'value="12345"' in response.text
    assert " open" in response.text  # the transfer panel is open to show the errors
    assert Ownership.objects.get(vehicle=car.vehicle, ended_on__isnull=True).owner == car.owner


REGISTRATION = {
    "vin": "",
    "plate": "京A12345",
    "owner_phone": "13812345678",
    "owner_name": "李四",
    "km": "52000",
    "registered_owner_name": "李四",
    "vehicle_type": "小型轿车",
    "use_type": "private",
    "brand_model": "大众牌SVW71811BU",
    "registration_date": "2020-01-01",
    "issue_date": "2023-05-01",
}


def test_register_a_vehicle(client: Client, advisor) -> None:
    data = REGISTRATION | {"vin": make_vin(4242)}
    response = client.post(reverse("console:vehicle-register"), data)
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert response["Location"] == vehicle_url(vehicle)
    assert vehicle.dealer_group_id == advisor.dealer_group_id
    assert HistoryEvent.objects.filter(vehicle=vehicle).count() == 3


def test_a_bad_registration_shows_every_problem_and_saves_nothing(client: Client, advisor) -> None:
    bad = {"vin": "LSVAB2C10K10001", "plate": "XA12345", "owner_phone": "12", "issue_date": "2019-01-01"}
    data = REGISTRATION | bad
    response = client.post(reverse("console:vehicle-register"), data)
    assert response.status_code == 400
    for field in ("vin", "plate", "owner_phone", "issue_date"):
        assert f'data-field="{field}"' in response.text
    assert 'value="LSVAB2C10K10001"' in response.text
    assert Vehicle.objects.count() == 0 and Owner.objects.count() == 0


def test_registration_form_is_hidden_without_the_permission(client: Client) -> None:
    client.force_login(StaffFactory(role="technician", level="junior").user)
    page = client.get(reverse("console:vehicle-register"))
    assert page.status_code == 200
    assert 'name="vin"' not in page.text
    assert client.post(reverse("console:vehicle-register"), REGISTRATION | {"vin": make_vin(7)}).status_code == 403
    assert Vehicle.objects.count() == 0


def test_console_posts_need_the_csrf_token(advisor) -> None:
    car = make_car(advisor)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(advisor.user)
    assert strict.post(vehicle_url(car.vehicle, "odometer/"), {"km": "30000"}).status_code == 403
    assert not car.vehicle.odometer_readings.filter(km=30_000).exists()
