"""Homecoming pages in the owner portal and the staff console, through the test client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftercare.audit.models import AuditEntry
from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore, RuleSet
from aftercare.homecoming.tests.conftest import Net
from aftercare.homecoming.tests.factories import car, enrol, photo_bytes
from aftercare.network.tests.factories import StaffFactory
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import make_plate, make_vin

pytestmark = pytest.mark.django_db


def upload(data: bytes | None = None, name: str = "licence.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type="image/jpeg")


def enrol_post(**overrides: Any) -> dict[str, Any]:
    return {"held_since": "2025-06-01", "purchase_channel": "used_car_dealer", "owner_kind": "individual"} | overrides


def english(client: Client) -> None:
    client.cookies["django_language"] = "en"


# --------------------------------------------------------------------------------------------
# Portal
# --------------------------------------------------------------------------------------------


def test_owner_enrols_from_the_car_page_and_sees_the_wallet(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2025, 6, 1))
    client.force_login(net.owner.user)
    english(client)
    page = client.get(reverse("portal:vehicle", args=[vehicle.pk]))
    assert reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk]) in page.content.decode()
    form = client.get(reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk]))
    assert form.status_code == 200 and 'value="2025-06-01"' in form.content.decode()

    response = client.post(reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk]), enrol_post(photo=upload()))
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "portal:vehicle-homecoming-result", args=[enrolment.pk]
    )
    result = client.get(response.url).content.decode()
    assert "Welcome home!" in result and f"{enrolment.wallet_code[:4]}-{enrolment.wallet_code[4:]}" in result
    wallet = client.get(reverse("portal:vehicle-homecoming", args=[vehicle.pk])).content.decode()
    assert "Free 76-item health check" in wallet and "Available" in wallet
    assert client.get(reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk])).status_code == 302


def test_a_car_held_30_days_is_refused_with_the_reason_and_the_date(client: Client, net: Net) -> None:
    bought = timezone.localdate() - dt.timedelta(days=30)
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=bought)
    client.force_login(net.owner.user)
    english(client)
    response = client.post(
        reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk]),
        enrol_post(held_since=bought.isoformat(), photo=upload()),
        follow=True,
    )
    text = response.content.decode()
    eligible = (bought + dt.timedelta(days=101)).isoformat()
    assert "You have had the car for 30 days" in text and eligible in text and "in 71 days" in text
    assert not Benefit.objects.exists()
    again = client.get(reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk])).content.decode()
    assert "was not accepted yet" in again and eligible in again


def test_bad_input_shows_the_form_again_and_saves_nothing(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    client.force_login(net.owner.user)
    english(client)
    response = client.post(
        reverse("portal:vehicle-homecoming-enrol", args=[vehicle.pk]),
        enrol_post(purchase_channel="", photo=upload(b"GIF89a not really")),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choose where the car was bought." in text and "This file is not a photo we can read." in text
    assert not Enrolment.objects.exists()


def test_owner_cannot_open_anothers_enrolment_or_photo(client: Client, net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    client.force_login(net.owner.user)
    photo = client.get(reverse("portal:vehicle-homecoming-photo", args=[enrolment.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"] and photo["X-Content-Type-Options"] == "nosniff"
    client.force_login(OwnerFactory(login=True).user)
    for name in ("portal:vehicle-homecoming-photo", "portal:vehicle-homecoming-result"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404
    assert client.get(reverse("portal:vehicle-homecoming-enrol", args=[enrolment.vehicle_id])).status_code == 404


def test_add_a_car_and_join_in_one_go(client: Client, net: Net) -> None:
    client.force_login(net.owner.user)
    english(client)
    assert reverse("portal:vehicle-homecoming-join") in client.get(reverse("portal:vehicle-add")).content.decode()
    data = {
        "vin": make_vin(55_001),
        "plate": make_plate(55_001),
        "registered_owner_name": "王小明",
        "vehicle_type": "小型轿车",
        "use_type": "private",
        "registration_date": "2018-03-01",
        "issue_date": "2025-02-01",
        "km": "81000",
        "fuel_type": "petrol",
        "transmission": "dual_clutch",
        "displacement_l": "1.4",
    } | enrol_post(held_since="2025-02-01", purchase_channel="auction")
    page = client.get(reverse("portal:vehicle-homecoming-join")).content.decode()
    assert 'name="fuel_type"' in page and 'name="displacement_l"' in page
    missing_photo = client.post(reverse("portal:vehicle-homecoming-join"), data)
    assert missing_photo.status_code == 400 and not Vehicle.objects.exists()
    bad_spec = client.post(
        reverse("portal:vehicle-homecoming-join"), data | {"displacement_l": "12", "photo": upload()}
    )
    assert bad_spec.status_code == 400 and not Vehicle.objects.exists() and not Enrolment.objects.exists()
    response = client.post(reverse("portal:vehicle-homecoming-join"), data | {"photo": upload()})
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and enrolment.approved and enrolment.vehicle.vin == make_vin(55_001)
    assert (enrolment.vehicle.fuel_type, enrolment.vehicle.transmission) == ("petrol", "dual_clutch")
    assert str(enrolment.vehicle.displacement_l) == "1.4"


# --------------------------------------------------------------------------------------------
# Console
# --------------------------------------------------------------------------------------------


def test_advisor_enrols_at_check_in_and_redeems_once(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    client.force_login(net.advisor.user)
    english(client)
    detail = client.get(reverse("console:vehicle", args=[vehicle.pk])).content.decode()
    assert "This car can join now" in detail
    page = client.get(reverse("console:vehicle-homecoming", args=[vehicle.pk]))
    assert page.status_code == 200 and "Enrol at check-in" in page.content.decode()
    response = client.post(reverse("console:vehicle-homecoming-enrol", args=[vehicle.pk]), enrol_post(photo=upload()))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.applied_via == "store" and enrolment.store == net.store
    check = enrolment.benefits.get(kind="health_check")
    redeem = reverse("console:homecoming-redeem", args=[check.pk])
    first = client.post(redeem, {"reference": "WO-77", "vehicle_id": vehicle.pk}, follow=True)
    assert "Redeemed: Free 76-item health check." in first.content.decode()
    second = client.post(redeem, {"vehicle_id": vehicle.pk}, follow=True)
    assert "already been redeemed" in second.content.decode()
    assert Benefit.objects.get(pk=check.pk).reference == "WO-77"


def test_console_enrol_bad_input_and_licence_fields_for_a_car_without_one(client: Client, net: Net) -> None:
    from aftercare.vehicles.tests.factories import vehicle_with_owner

    vehicle = vehicle_with_owner(dealer_group=net.store.dealer_group, owner=net.owner)
    client.force_login(net.advisor.user)
    english(client)
    page = client.get(reverse("console:vehicle-homecoming", args=[vehicle.pk])).content.decode()
    assert 'name="registered_owner_name"' in page
    response = client.post(reverse("console:vehicle-homecoming-enrol", args=[vehicle.pk]), enrol_post())
    assert response.status_code == 400
    text = response.content.decode()
    assert "Add a photo of the vehicle licence" in text and "Enter the registration date." in text
    assert not Enrolment.objects.exists()


def test_other_groups_see_nothing_but_can_redeem_through_the_lookup(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    enrolment = enrol(vehicle)
    client.force_login(net.other_advisor.user)
    english(client)
    assert client.get(reverse("console:vehicle-homecoming", args=[vehicle.pk])).status_code == 404
    wrong = client.post(reverse("console:homecoming"), {"vin_or_plate": vehicle.vin, "code": "ABCD2345"})
    assert wrong.status_code == 404 and "No benefits wallet matches" in wrong.content.decode()
    found = client.post(reverse("console:homecoming"), {"vin_or_plate": vehicle.plate, "code": enrolment.wallet_code})
    text = found.content.decode()
    assert found.status_code == 200 and "Free oil and filter service" in text
    assert net.owner.name not in text and vehicle.vin not in text
    oil = enrolment.benefits.get(kind="oil_service")
    done = client.post(
        reverse("console:homecoming-redeem", args=[oil.pk]),
        {"wallet_code": enrolment.wallet_code, "vin_or_plate": vehicle.plate},
    )
    assert done.status_code == 200 and "Redeemed: Free oil and filter service." in done.content.decode()
    assert Benefit.objects.get(pk=oil.pk).redeemed_store == net.other_store
    assert client.post(reverse("console:homecoming-redeem", args=[oil.pk]), {}).status_code == 404


def test_licence_photo_in_the_console_needs_reveal_and_is_audited(client: Client, net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    url = reverse("console:homecoming-photo", args=[enrolment.pk])
    client.force_login(net.advisor.user)  # junior advisor
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory(store=net.store).user)  # senior advisor
    assert client.get(url).status_code == 200 and AuditEntry.objects.count() == 1
    client.force_login(StaffFactory(store=net.other_store).user)
    assert client.get(url).status_code == 404


def test_operator_changes_the_rules_and_the_stores(client: Client, net: Net) -> None:
    client.force_login(net.advisor.user)
    assert client.get(reverse("console:homecoming-rules")).status_code == 403
    client.force_login(net.operator.user)
    english(client)
    page = client.get(reverse("console:homecoming-rules"))
    assert page.status_code == 200 and 'value="100"' in page.content.decode()
    assert 'name="tier_percent_0" value="20"' in page.content.decode()
    assert 'name="tier_percent_1" value="30"' in page.content.decode()
    data = {
        "min_days_held": "120",
        "individual_only": "on",
        "purchase_channels": ["dealer_4s", "private_sale"],
        "use_types": ["private"],
        "tier_years_0": "3",
        "tier_percent_0": "30",
        "tier_years_1": "7",
        "tier_percent_1": "20",
        "note": "test",
    }
    bad = client.post(reverse("console:homecoming-rules"), data)
    assert bad.status_code == 400 and "Older cars must get a higher discount" in bad.content.decode()
    before = RuleSet.objects.count()
    good = client.post(reverse("console:homecoming-rules"), data | {"tier_percent_1": "35"})
    assert good.status_code == 302 and RuleSet.objects.count() == before + 1
    assert RuleSet.objects.order_by("-id").first().min_days_held == 120
    client.post(reverse("console:homecoming-participation", args=[net.store.pk]), {"active": "0"})
    assert not ParticipatingStore.objects.get(store=net.store).active
