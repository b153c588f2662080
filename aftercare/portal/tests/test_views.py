"""Owner portal pages: my cars, adding a car, readings, transfers away, inbox, profile and consents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.network.tests.factories import StaffFactory, actor_of_staff
from aftercare.notifications.models import InboxMessage
from aftercare.owners.models import Owner
from aftercare.owners.selectors import consent_current
from aftercare.owners.services import owner_login
from aftercare.vehicles import services as vehicle_services
from aftercare.vehicles.models import OdometerReading, Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import OwnershipFactory, VehicleFactory, make_plate, make_vin

pytestmark = pytest.mark.django_db

VARYING = re.compile(r'name="(csrfmiddlewaretoken|next)" value="[^"]*"')


def log_in_owner(client: Client, phone: str = "+8613800138000", name: str = "王小明") -> Owner:
    user = owner_login(phone=phone)
    owner = Owner.objects.get(user=user)
    owner.name = name
    owner.save()
    client.force_login(user)
    return owner


def my_car(owner: Owner) -> Vehicle:
    vehicle = VehicleFactory(dealer_group=None)
    OwnershipFactory(vehicle=vehicle, owner=owner)
    return vehicle


CAR = {
    "vin": "",
    "plate": "",
    "registered_owner_name": "王小明",
    "vehicle_type": "小型轿车",
    "use_type": "private",
    "brand_model": "大众牌SVW71811BU",
    "engine_number": "A12345",
    "registration_date": "2020-01-01",
    "issue_date": "2020-01-05",
    "owned_since": "2020-01-05",
    "km": "45000",
}


def test_anonymous_goes_to_the_owner_login(client: Client) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == "/my/login/?next=/my/"


def test_staff_are_not_owners(client: Client) -> None:
    client.force_login(StaffFactory().user)
    assert client.get(reverse("portal:home")).status_code == 403


def test_my_cars_lists_only_mine(client: Client) -> None:
    me = log_in_owner(client)
    mine = my_car(me)
    other = my_car(Owner.objects.create(name="别人", phone="+8613900000000"))
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert "王小明" in page.text and '<html lang="zh-hans">' in page.text
    assert mine.vin[-6:] in page.text and other.vin[-6:] not in page.text


def test_add_a_car_with_its_licence(client: Client) -> None:
    me = log_in_owner(client)
    data = CAR | {"vin": make_vin(31), "plate": make_plate(31)}
    response = client.post(reverse("portal:vehicle-add"), data)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    vehicle = Vehicle.objects.get(vin=data["vin"])
    assert vehicle.ownerships.get().owner == me
    assert VehicleLicence.objects.get(vehicle=vehicle).engine_number == "A12345"
    assert vehicle.odometer_readings.get().km == 45_000
    assert data["plate"][:2] in client.get(reverse("portal:home")).text


def test_bad_car_input_shows_field_errors_keeps_input_and_saves_nothing(client: Client) -> None:
    log_in_owner(client)
    data = CAR | {"vin": "LSVAB2C10K10001", "plate": "", "use_type": "", "issue_date": "2019-01-01"}
    response = client.post(reverse("portal:vehicle-add"), data)
    assert response.status_code == 400
    assert '<html lang="zh-hans">' in response.text
    for field in ("vin", "plate", "use_type", "issue_date"):
        assert f'data-field="{field}"' in response.text
    assert 'value="LSVAB2C10K10001"' in response.text and 'value="王小明"' in response.text
    assert Vehicle.objects.count() == 0 and VehicleLicence.objects.count() == 0


def test_someone_elses_car_cannot_be_added(client: Client) -> None:
    other = my_car(Owner.objects.create(name="别人", phone="+8613900000000"))
    log_in_owner(client)
    response = client.post(reverse("portal:vehicle-add"), CAR | {"vin": other.vin, "plate": other.plate})
    assert response.status_code == 409
    assert 'data-field="vin"' in response.text
    assert other.ownerships.count() == 1


def test_car_page_and_my_reading(client: Client) -> None:
    me = log_in_owner(client)
    car = my_car(me)
    page = client.get(reverse("portal:vehicle", args=[car.pk]))
    assert page.status_code == 200 and car.vin[-6:] in page.text
    response = client.post(reverse("portal:vehicle-odometer", args=[car.pk]), {"km": "12345", "note": "加油时看的"})
    assert response.status_code == 302
    reading = car.odometer_readings.get()
    assert (reading.km, reading.source, reading.note) == (12_345, "owner", "加油时看的")
    assert "12,345 km" in client.get(response["Location"]).text


def test_a_bad_reading_shows_the_error_and_saves_nothing(client: Client) -> None:
    car = my_car(log_in_owner(client))
    response = client.post(reverse("portal:vehicle-odometer", args=[car.pk]), {"km": "-5"})
    assert response.status_code == 400
    assert 'data-field="km"' in response.text
    assert OdometerReading.objects.count() == 0


def test_someone_elses_car_is_404_exactly_like_a_missing_one(client: Client) -> None:
    other = my_car(Owner.objects.create(name="别人", phone="+8613900000000"))
    log_in_owner(client)
    missing = client.get(reverse("portal:vehicle", args=[999_999]))
    foreign = client.get(reverse("portal:vehicle", args=[other.pk]))
    assert missing.status_code == foreign.status_code == 404
    assert VARYING.sub("", missing.text) == VARYING.sub("", foreign.text)
    assert client.post(reverse("portal:vehicle-odometer", args=[other.pk]), {"km": "1"}).status_code == 404
    assert OdometerReading.objects.count() == 0


def test_a_car_transferred_away_disappears_at_once(client: Client) -> None:
    me = log_in_owner(client)
    staff = StaffFactory()
    car = my_car(me)
    Vehicle.objects.filter(pk=car.pk).update(dealer_group=staff.dealer_group)
    assert client.get(reverse("portal:vehicle", args=[car.pk])).status_code == 200
    vehicle_services.vehicle_transfer(
        actor=actor_of_staff(staff),
        vehicle_id=car.pk,
        new_owner=vehicle_services.OwnerInput(phone="13900000001", name="新车主"),
        transferred_on=dt.date.today(),
    )
    assert client.get(reverse("portal:vehicle", args=[car.pk])).status_code == 404
    assert car.vin[-6:] not in client.get(reverse("portal:home")).text
    assert InboxMessage.objects.filter(recipient=me.user).exists()


def test_profile_update_and_errors(client: Client) -> None:
    me = log_in_owner(client)
    page = client.get(reverse("portal:profile"))
    assert page.status_code == 200 and "13800138000" in page.text
    bad = client.post(reverse("portal:profile"), {"name": "王大明", "email": "not-an-email"})
    assert bad.status_code == 400 and 'data-field="email"' in bad.text and 'value="not-an-email"' in bad.text
    me.refresh_from_db()
    assert me.name == "王小明"
    ok = client.post(reverse("portal:profile"), {"name": "王大明", "email": "wang@example.com"})
    assert ok.status_code == 302
    me.refresh_from_db()
    assert (me.name, me.email) == ("王大明", "wang@example.com")


def test_consents_toggle(client: Client) -> None:
    me = log_in_owner(client)
    assert client.post(reverse("portal:consent"), {"purpose": "marketing", "granted": "1"}).status_code == 302
    assert consent_current(owner_id=me.pk)["marketing"] is True
    client.post(reverse("portal:consent"), {"purpose": "marketing", "granted": "0"})
    assert consent_current(owner_id=me.pk)["marketing"] is False
    client.post(reverse("portal:consent"), {"purpose": "nonsense", "granted": "1"})
    assert "nonsense" not in consent_current(owner_id=me.pk)


def test_inbox_is_mine_only(client: Client) -> None:
    me = log_in_owner(client)
    mine = InboxMessage.objects.create(recipient=me.user, kind="x", title="保养提醒", link="/my/")
    other = InboxMessage.objects.create(recipient=StaffFactory().user, kind="x", title="别人的")
    page = client.get(reverse("portal:inbox"))
    assert "保养提醒" in page.text and "别人的" not in page.text
    assert client.post(reverse("portal:inbox-read", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:inbox-read-all")).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_portal_posts_need_the_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    me = log_in_owner(strict)
    car = my_car(me)
    assert strict.post(reverse("portal:vehicle-odometer", args=[car.pk]), {"km": "100"}).status_code == 403
    assert strict.post(reverse("portal:profile"), {"name": "改名"}).status_code == 403
    me.refresh_from_db()
    assert me.name == "王小明" and OdometerReading.objects.count() == 0


def test_my_own_licence_name_is_not_masked_for_me(client: Client) -> None:
    me = log_in_owner(client)
    car = my_car(me)
    VehicleLicence.objects.create(
        vehicle=car,
        registered_owner_name="王小明",
        plate=car.plate,
        vehicle_type="小型轿车",
        use_type="private",
        registration_date=dt.date(2020, 1, 1),
        issue_date=dt.date(2020, 1, 5),
    )
    page = client.get(reverse("portal:vehicle", args=[car.pk])).text
    assert "王小明" in page and "王**" not in page
