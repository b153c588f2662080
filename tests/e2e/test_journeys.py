"""Journeys in a real browser: an owner logs in by text message and adds a car; staff find a car."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftercare.network.models import Customer
from aftercare.network.tests.factories import PASSWORD, CustomerFactory, StaffFactory
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import OdometerReadingFactory, OwnershipFactory, VehicleFactory, make_vin
from tests.e2e.conftest import DESKTOP, MOBILE, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIN = make_vin(424_242)
PLATE = "粤B12345"


def owner_logs_in(page, sms_code, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto("/my/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot(page, "1-login")
    page.fill("input[name=phone]", "13800138000")
    page.click("button[value=send]")
    page.wait_for_selector("input[name=code]")
    shot(page, "2-code")
    page.fill("input[name=code]", sms_code(1))
    page.click("button[value=verify]")
    page.wait_for_url("**/my/")


def fill_car(page, vin: str, plate: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("input[name=vin]", vin)
    page.fill("input[name=plate]", plate)
    page.fill("input[name=registered_owner_name]", "王小明")
    page.fill("input[name=vehicle_type]", "小型轿车")
    page.select_option("select[name=use_type]", "private")
    page.fill("input[name=brand_model]", "大众牌SVW71811BU")
    page.fill("input[name=engine_number]", "A12345")
    page.fill("input[name=registration_date]", "2020-01-01")
    page.fill("input[name=issue_date]", "2020-01-05")
    page.fill("input[name=km]", "45000")


def test_owner_logs_in_by_text_message_and_adds_a_car(new_page, sms_code, shot) -> None:
    page = new_page(MOBILE)
    owner_logs_in(page, sms_code, shot)
    shot(page, "3-no-cars")
    page.click("a.add-car")
    fill_car(page, VIN, PLATE)
    shot(page, "4-add-car-filled")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/my/")
    card = page.locator("a.car-card")
    assert card.count() == 1
    assert VIN[-6:] in card.inner_text()
    assert "粤B" in card.inner_text()
    shot(page, "5-my-cars")
    page.set_viewport_size(DESKTOP)
    shot(page, "5-my-cars")
    card.click()
    page.wait_for_url("**/my/vehicles/*/")
    assert "45,000 km" in page.inner_text("main")
    shot(page, "6-car")
    page.set_viewport_size(MOBILE)
    shot(page, "6-car")
    vehicle = Vehicle.objects.get(vin=VIN)
    assert vehicle.plate == PLATE and VehicleLicence.objects.filter(vehicle=vehicle).count() == 1


def test_bad_car_input_shows_errors_saves_nothing_and_english_works(new_page, sms_code, shot) -> None:
    page = new_page(MOBILE)
    owner_logs_in(page, sms_code, shot)
    page.goto("/my/vehicles/new/")
    fill_car(page, "LSVAB2C10K10001", "")  # one character short, and no plate
    page.fill("input[name=issue_date]", "2019-01-01")  # before the registration date
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".field-errors")
    # The page stays Chinese by default (lang attribute); the Chinese wording comes with the .po files.
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    for field in ("vin", "plate", "issue_date"):
        assert page.locator(f'.field-errors[data-field="{field}"]').is_visible()
    assert page.input_value("input[name=vin]") == "LSVAB2C10K10001"
    assert page.input_value("input[name=registered_owner_name]") == "王小明"
    shot(page, "errors-zh")
    assert Vehicle.objects.count() == 0 and VehicleLicence.objects.count() == 0

    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/my/vehicles/new/")
    assert "Add a car" in page.inner_text("header")
    shot(page, "form-en")
    page.click(".lang-switch button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_staff_logs_in_and_finds_a_car_by_plate_and_by_last_six(new_page, shot) -> None:
    staff = StaffFactory(display_name="程伟")
    vehicle = VehicleFactory(dealer_group=staff.dealer_group, plate="京A12345", model="朗逸")
    OwnershipFactory(vehicle=vehicle, owner=OwnerFactory(name="王小明", phone="+8613812345678"))
    first = OdometerReadingFactory(vehicle=vehicle, km=30_000, read_at=timezone.now() - dt.timedelta(days=60))
    OdometerReadingFactory(vehicle=vehicle, km=12_000, flag="rollback", conflicts_with=first)
    VehicleFactory(dealer_group=staff.dealer_group)

    for viewport in (DESKTOP, MOBILE):
        page = new_page(viewport)
        page.goto("/login/")
        shot(page, "1-login")
        page.fill("input[name=username]", staff.user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click(".auth-card button[type=submit]")
        page.wait_for_url("**/console/")
        shot(page, "2-dashboard")

        page.fill("#q", "京A12345")
        page.press("#q", "Enter")
        page.wait_for_url(f"**/console/vehicles/{vehicle.pk}/")
        main = page.inner_text("main")
        assert vehicle.vin[-6:] in main and "王**" in main and "138****5678" in main
        assert "王小明" not in main and "13812345678" not in main
        assert page.locator("tr.is-flagged .badge-danger").count() == 1
        shot(page, "3-vehicle")

        page.goto("/console/")
        page.fill("#q", vehicle.vin[-6:])
        page.press("#q", "Enter")
        page.wait_for_url(f"**/console/vehicles/{vehicle.pk}/")
        page.goto("/console/customers/")
        shot(page, "4-customers")


def test_manager_records_a_departure_and_reassigns_a_customer(new_page, shot) -> None:
    manager = StaffFactory(display_name="周经理", manager=True)
    store = manager.store
    leaving = StaffFactory(store=store, display_name="陈静")
    busy = StaffFactory(store=store, display_name="刘洋")
    StaffFactory(store=store, display_name="王磊")
    StaffFactory(store=store, display_name="赵师傅", technician=True)
    for i in range(3):
        CustomerFactory(dealer_group=store.dealer_group, advisor=leaving, owner=OwnerFactory(name=f"车主{i}"))
    for i in range(2):
        CustomerFactory(dealer_group=store.dealer_group, advisor=busy, owner=OwnerFactory(name=f"老客{i}"))

    page = new_page(DESKTOP, locale="en-US")
    staff_login(page, manager.user.username, PASSWORD, english=True)

    page.goto(f"/console/stores/{store.pk}/")
    shot(page, "1-store")
    page.set_viewport_size(MOBILE)
    shot(page, "1-store")
    page.set_viewport_size(DESKTOP)
    page.click(f"a[href='/console/staff/{leaving.pk}/depart/']")
    page.wait_for_url(f"**/console/staff/{leaving.pk}/depart/")
    assert "3 customers" in page.inner_text("main")
    shot(page, "2-departure")
    page.set_viewport_size(MOBILE)
    shot(page, "2-departure")
    page.set_viewport_size(DESKTOP)
    page.select_option("select[name=successor_id]", str(busy.pk))
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/console/stores/{store.pk}/")
    assert "3 customers moved to 刘洋" in page.inner_text(".messages")
    shot(page, "3-departed")

    customer = Customer.objects.filter(advisor=busy).order_by("pk").first()
    page.goto(f"/console/customers/{customer.pk}/")
    page.select_option("select[name=advisor_id]", label="王磊 · 0 customers")
    shot(page, "4-customer")
    page.click("#advisor button[type=submit]")
    page.wait_for_url(f"**/console/customers/{customer.pk}/")
    history = page.inner_text("#handovers")
    assert "陈静" in history and "刘洋" in history and "王磊" in history
    shot(page, "5-reassigned")
    page.set_viewport_size(MOBILE)
    shot(page, "5-reassigned")
