"""Homecoming journeys in a real browser: an eligible car is enrolled with its licence photo and the owner sees
the wallet; a car held only 30 days is refused, with the reason and the date it becomes eligible; a store of
another dealer group redeems a voucher through the wallet lookup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from aftercare.homecoming.models import Benefit, Enrolment
from aftercare.homecoming.tests.factories import car, participate, photo_bytes
from aftercare.network.tests.factories import PASSWORD, StaffFactory, StoreFactory
from aftercare.owners.tests.factories import OwnerFactory
from tests.e2e.conftest import DESKTOP, MOBILE, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "xingshizheng.jpg"
    path.write_bytes(photo_bytes(size=(1200, 800)))
    return path


@pytest.fixture
def garage():  # type: ignore[no-untyped-def]
    """The owner 13800138000 with a car held since last year and one bought 30 days ago, at a participating store."""
    store = StoreFactory()
    participate(store)
    owner = OwnerFactory(phone="+8613800138000", name="王小明")
    today = timezone.localdate()
    eligible = car(dealer_group=store.dealer_group, owner=owner, started_on=today - dt.timedelta(days=400))
    recent = car(
        dealer_group=store.dealer_group,
        owner=owner,
        started_on=today - dt.timedelta(days=30),
        issue_date=today - dt.timedelta(days=30),
    )
    return {"store": store, "owner": owner, "eligible": eligible, "recent": recent, "today": today}


def log_in(page, sms_code) -> None:  # type: ignore[no-untyped-def]
    page.goto("/my/login/")
    page.fill("input[name=phone]", "13800138000")
    page.click("button[value=send]")
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", sms_code(1))
    page.click("button[value=verify]")
    page.wait_for_url("**/my/")


def test_owner_enrols_an_eligible_car_with_the_licence_photo_and_sees_the_wallet(
    new_page, sms_code, shot, garage, photo
) -> None:
    vehicle = garage["eligible"]
    page = new_page(MOBILE)
    log_in(page, sms_code)
    page.click(f"a.car-card[href='/my/vehicles/{vehicle.pk}/']")
    page.wait_for_selector("#homecoming")
    shot(page, "1-car-page")
    page.click(f"#homecoming a[href='/my/vehicles/{vehicle.pk}/homecoming/enrol/']")
    assert page.input_value("input[name=held_since]") == (garage["today"] - dt.timedelta(days=400)).isoformat()
    page.select_option("select[name=purchase_channel]", "used_car_dealer")
    assert page.is_checked("input[name=owner_kind][value=individual]")
    page.set_input_files("input[name=photo]", str(photo))
    shot(page, "2-enrol-filled")
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".hc-approved")
    enrolment = Enrolment.objects.get(vehicle=vehicle)
    assert enrolment.approved and enrolment.photo.name.endswith(".jpg")
    code = page.inner_text(".hc-code").strip()
    assert code.replace("-", "") == enrolment.wallet_code
    shot(page, "3-welcome")
    page.click(".hc-approved a.btn-primary")
    page.wait_for_selector(".hc-benefits")
    assert page.locator(".hc-benefit").count() == 5
    assert page.locator(".hc-benefit.is-available").count() == 3
    assert page.locator(".hc-benefit.is-active").count() == 2
    shot(page, "4-wallet")
    # The photo opens for its owner only, from an access-checked address.
    response = page.request.get(f"/my/homecoming/enrolments/{enrolment.pk}/photo/")
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"


def test_a_car_held_only_30_days_is_refused_with_why_and_when(new_page, sms_code, shot, garage, photo) -> None:
    vehicle, today = garage["recent"], garage["today"]
    eligible_on = (today - dt.timedelta(days=30) + dt.timedelta(days=101)).isoformat()
    page = new_page(MOBILE)
    log_in(page, sms_code)
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    page.goto(f"/my/vehicles/{vehicle.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert eligible_on in page.inner_text("#homecoming")
    page.click("#homecoming a.btn-primary")
    page.select_option("select[name=purchase_channel]", "private_sale")
    page.set_input_files("input[name=photo]", str(photo))
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".hc-refused")
    reasons = page.inner_text(".hc-reasons")
    assert "You have had the car for 30 days" in reasons and "more than 100 days" in reasons
    assert page.inner_text(".hc-eligible strong").strip() == eligible_on
    assert "in 71 days" in page.inner_text(".hc-eligible")
    shot(page, "1-refused")
    refused = Enrolment.objects.get(vehicle=vehicle)
    assert refused.status == "refused" and refused.eligible_on.isoformat() == eligible_on
    assert not Benefit.objects.filter(vehicle=vehicle).exists()
    page.click("a:has-text('Apply again')")
    page.wait_for_selector(".hc-last")
    assert eligible_on in page.inner_text(".hc-last")
    shot(page, "2-apply-again")
    # The same page in Chinese.
    page.click(".lang-switch button[value=zh-hans]")
    page.wait_for_load_state()
    shot(page, "3-apply-again-zh")


def test_a_store_of_another_group_redeems_with_the_wallet_code(new_page, shot, garage, photo) -> None:
    from aftercare.homecoming.tests.factories import enrol

    enrolment = enrol(garage["eligible"])
    other = StoreFactory()
    participate(other)
    advisor = StaffFactory(store=other, junior=True)
    page = new_page(DESKTOP)
    staff_login(page, advisor.user.username, PASSWORD, english=True)
    foreign = page.goto(f"/console/vehicles/{enrolment.vehicle_id}/homecoming/")
    assert foreign is not None and foreign.status == 404  # the car itself stays out of reach
    page.goto("/console/homecoming/")
    page.fill("input[name=vin_or_plate]", garage["eligible"].plate)
    page.fill("input[name=code]", f"{enrolment.wallet_code[:4]}-{enrolment.wallet_code[4:]}".lower())
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector(".hc-wallet-table")
    shot(page, "1-wallet-found")
    assert "王小明" not in page.content()
    page.locator("tr.is-available").first.locator("input[name=reference]").fill("WO-8842")
    page.locator("tr.is-available").first.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    shot(page, "2-redeemed")
    redeemed = Benefit.objects.get(enrolment=enrolment, status="redeemed")
    assert redeemed.redeemed_store == other and redeemed.reference == "WO-8842"


def test_advisor_enrols_at_check_in_and_operator_sees_the_rules(new_page, shot, garage, photo) -> None:
    store = garage["store"]
    advisor = StaffFactory(store=store, junior=True)
    page = new_page(DESKTOP)
    staff_login(page, advisor.user.username, PASSWORD, english=True)
    page.goto(f"/console/vehicles/{garage['eligible'].pk}/")
    page.click("#homecoming a.btn")
    page.wait_for_selector("#enrol form")
    page.select_option("select[name=purchase_channel]", "dealer_4s")
    page.set_input_files("input[name=photo]", str(photo))
    shot(page, "1-check-in-form")
    page.click("#enrol button[type=submit]")
    page.wait_for_selector(".hc-wallet-table")
    shot(page, "2-enrolled")
    enrolment = Enrolment.objects.get(vehicle=garage["eligible"])
    assert enrolment.approved and enrolment.applied_via == "store" and enrolment.store == store

    operator = StaffFactory(operator=True)
    page = new_page(DESKTOP)
    staff_login(page, operator.user.username, PASSWORD, english=True)
    page.goto("/console/homecoming/rules/")
    assert page.input_value("input[name=min_days_held]") == "100"
    shot(page, "3-rules")
