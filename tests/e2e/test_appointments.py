"""Booking in a real browser: the owner finds a free slot near them and books it with pick-up; the advisor sees
the booking on the store's agenda and on the workshop board, and the board refreshes itself."""

from __future__ import annotations

import re

import pytest

from aftercare.appointments import services
from aftercare.appointments.models import Appointment
from aftercare.appointments.selectors import local_tz
from aftercare.appointments.tests.factories import shop
from aftercare.kernel import phones
from aftercare.network.tests.factories import PASSWORD, actor_of_owner
from tests.e2e.conftest import DESKTOP, MOBILE, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _owner_logs_in(page, phone: str, sms_code) -> None:  # type: ignore[no-untyped-def]
    page.goto("/my/login/")
    page.fill("input[name=phone]", phone)
    page.click("button[value=send]")
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", sms_code(1))
    page.click("button[value=verify]")
    page.wait_for_url("**/my/")


def test_owner_books_a_slot_and_the_advisor_sees_it_on_the_board(new_page, sms_code, shot) -> None:  # type: ignore[no-untyped-def]
    s = shop(bays=3, technician_levels=("junior", "intermediate"))
    page = new_page(MOBILE)
    _owner_logs_in(page, phones.national(s.owner.phone), sms_code)

    page.click(".tabbar a[href='/my/appointments/']")
    page.wait_for_url("**/my/appointments/")
    page.click("a[href='/my/appointments/new/']")
    page.wait_for_url("**/my/appointments/new/")
    page.select_option("select[name=city]", "北京")
    shot(page, "1-search")
    page.click("#slot-search button[type=submit]")
    page.wait_for_selector(".appt-slot")
    assert page.locator(f".appt-store[data-store='{s.store.pk}']").count() == 1
    shot(page, "2-slots")

    first = page.locator(f".appt-store[data-store='{s.store.pk}'] .appt-slot").first
    picked_time = first.locator("strong").inner_text()
    first.click()
    page.wait_for_url("**/my/appointments/confirm/**")
    page.fill("textarea[name=concerns]", "刹车有异响")
    page.check("input[name=wants_pickup]")
    page.fill("input[name=pickup_address]", "北京市朝阳区望京街10号院3号楼")
    shot(page, "3-confirm")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/my/appointments/\d+/$"))
    shot(page, "4-booked")

    booking = Appointment.objects.select_related("vehicle", "pickup").get(owner=s.owner)
    local_start = booking.starts_at.astimezone(local_tz())
    assert (booking.status, booking.concerns, local_start.strftime("%H:%M")) == ("booked", "刹车有异响", picked_time)
    assert booking.pickup.pickup_address == "北京市朝阳区望京街10号院3号楼"
    assert page.locator("text=北京市朝阳区望京街10号院3号楼").count() == 1  # the owner sees their own address

    staff = new_page(DESKTOP)
    staff_login(staff, s.advisor.user.username, PASSWORD)
    day = local_start.date().isoformat()
    staff.goto(f"/console/appointments/?store={s.store.pk}&day={day}")
    row = staff.locator("table tr", has_text=booking.vehicle.plate)
    assert row.count() == 1 and picked_time in row.inner_text()
    shot(staff, "5-agenda")

    staff.goto(f"/console/appointments/board/?store={s.store.pk}&day={day}")
    block = staff.locator(".wb-block", has_text=booking.vehicle.plate)
    assert block.count() == 1
    assert booking.bay.name in staff.locator(".wb-row", has=block).inner_text()
    shot(staff, "6-board")

    # The board polls: a booking cancelled meanwhile leaves the board without a reload.
    staff.goto(f"/console/appointments/board/?store={s.store.pk}&day={day}&poll=2")
    assert staff.locator(".wb-block", has_text=booking.vehicle.plate).count() == 1
    services.appointment_cancel(actor=actor_of_owner(s.owner), appointment_id=booking.pk, reason="临时有事")
    staff.locator(".wb-block", has_text=booking.vehicle.plate).wait_for(state="detached", timeout=10_000)

    staff.goto(f"/console/appointments/{booking.pk}/")
    assert "北京市朝阳区望京街10号院3号楼" not in staff.content()  # masked for staff by default
    shot(staff, "7-detail")
