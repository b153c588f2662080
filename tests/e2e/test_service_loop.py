"""The digital service loop in a real browser, through to a paid invoice: the owner books online, the advisor
checks the car in on the tablet page, the estimate has two lines (the owner approves one and declines one), the
technician posts progress with a photo, QC and the six-step delivery, the invoice shows the car-age discount and
the VAT, the owner pays (development payment page) and rates the visit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftercare.appointments.models import Appointment
from aftercare.appointments.tests.factories import open_day, service_type, shop
from aftercare.history.models import HistoryEvent
from aftercare.homecoming.tests.factories import enrol, licence_for, participate, photo_bytes
from aftercare.kernel.phones import national
from aftercare.network.tests.factories import PASSWORD
from aftercare.payments.models import PaymentRequest, WebhookEvent
from aftercare.workorders.models import EstimateLine, Invoice, JobType, WorkOrder
from aftercare.workorders.services import reference_data_seed
from tests.e2e.conftest import DESKTOP, MOBILE, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 1366}
LINES = (
    {"kind": "Labour", "job": "brake_service", "description": "Replace front brake pads", "hours": "1.5"},
    {"kind": "Part", "job": "tyre_alignment", "description": "Tyres 205/55 R16", "number": "PZ4-2055516", "qty": "2"},
)


def jpeg(name: str) -> dict[str, object]:
    return {"name": name, "mimeType": "image/jpeg", "buffer": photo_bytes(size=(800, 600))}


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """A store that takes part in Homecoming; the owner's car, first registered in 2020, is enrolled (20 %)."""
    reference_data_seed()
    s = shop(technician_levels=("junior", "senior"))
    participate(s.store)
    licence_for(s.vehicle, name=s.owner.name, registration_date=dt.date(2020, 5, 10))
    enrol(s.vehicle, held_since=dt.date(2024, 6, 1))
    return s


def owner_logs_in(page, phone: str, sms_code) -> None:  # type: ignore[no-untyped-def]
    page.goto("/my/login/")
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    page.fill("input[name=phone]", national(phone))
    page.click("button[value=send]")
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", sms_code(1))
    page.click("button[value=verify]")
    page.wait_for_url("**/my/")


def press(page, label: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=label).first.click()
    page.wait_for_load_state()


def add_line(desk, line: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    desk.locator("details.wo-add summary").click()
    desk.locator("details.wo-add label.wo-chip", has_text=line["kind"]).click()
    desk.select_option("select[name=job_type_id]", label=JobType.objects.get(code=line["job"]).name)
    desk.fill("input[name=description]", line["description"])
    if line["kind"] == "Labour":
        desk.fill("input[name=hours]", line["hours"])
        desk.select_option("select[name=technician_level]", "intermediate")
    else:
        desk.fill("input[name=part_number]", line["number"])
        desk.fill("input[name=brand]", "Pirelli")
        desk.fill("input[name=quantity]", line["qty"])
        desk.fill("input[name=unit_price]", "685.00")
    press(desk, "Add line")


def test_book_check_in_estimate_approve_progress_deliver_invoice_pay_and_rate(new_page, sms_code, shot, world) -> None:
    s = world
    oil = service_type("oil-service")

    # 1. The owner books online (the appointments page: nearest store with a free bay).
    owner = new_page(MOBILE)
    owner_logs_in(owner, s.owner.phone, sms_code)
    query = f"vehicle={s.vehicle.pk}&service={oil.pk}&city={s.store.city}&date_from={open_day(1)}&days=3"
    owner.goto(f"/my/appointments/new/?{query}")
    owner.locator("a.appt-slot").first.click()
    owner.wait_for_url("**/appointments/confirm/**")
    owner.fill("textarea[name=concerns]", "Brakes squeal when stopping")
    owner.click("#confirm-form button[type=submit]")
    owner.wait_for_url("**/my/appointments/*/")
    appointment = Appointment.objects.get(vehicle=s.vehicle)
    shot(owner, "1-booked")

    # 2. The advisor checks the car in on the tablet page.
    desk = new_page(TABLET)
    staff_login(desk, s.advisor.user.username, PASSWORD, english=True)
    desk.goto("/console/workorders/")
    shot(desk, "2-board")
    booked = WorkOrder.objects.get(appointment_id=appointment.pk, status="booked")  # opened by the booking
    desk.click(f"a[href='/console/workorders/{booked.pk}/check-in/']")
    desk.wait_for_url("**/check-in/")
    assert "Brakes squeal" in desk.input_value("textarea[name=concerns]")
    desk.fill("input[name=odometer_km]", "48200")
    desk.locator("label.wo-chip", has_text="3/4").click()
    desk.set_input_files("input[name=photos]", [jpeg("front.jpg"), jpeg("left.jpg")])
    shot(desk, "3-check-in")
    press(desk, "Check in")
    wo = WorkOrder.objects.get(appointment_id=appointment.pk)
    assert (wo.status, wo.odometer_km, wo.fuel_level, wo.attachments.count()) == ("checked_in", 48200, "75", 2)
    assert Appointment.objects.get(pk=appointment.pk).status == "checked_in"

    # 3. Diagnosis, and an estimate of two lines sent to the owner.
    tech = new_page(TABLET)
    staff_login(tech, s.technicians[0].user.username, PASSWORD, english=True)
    tech.goto(f"/console/workorders/{wo.pk}/")
    press(tech, "Start diagnosis")
    desk.goto(f"/console/workorders/{wo.pk}/")
    for line in LINES:
        add_line(desk, line)
    assert EstimateLine.objects.filter(work_order=wo).count() == 2
    press(desk, "Send the estimate to the owner")
    shot(desk, "4-estimate")

    # 4. The owner approves one line and declines the other.
    owner.goto("/my/workorders/")
    owner.locator("a.wo-portal-card").first.click()
    owner.wait_for_url(f"**/my/workorders/{wo.pk}/")
    shot(owner, "5-decide")
    owner.locator(".wo-decide-line", has_text="brake pads").get_by_role("button", name="Approve").click()
    owner.wait_for_load_state()
    owner.locator(".wo-decide-line", has_text="Tyres").get_by_role("button", name="Decline").click()
    owner.wait_for_load_state()
    assert WorkOrder.objects.get(pk=wo.pk).status == "approved"
    shot(owner, "6-decided")

    # 5. The technician posts progress with a photo and the part used, then hands over to QC.
    tech.goto(f"/console/workorders/{wo.pk}/")
    press(tech, "Start the work")
    tech.fill("textarea[name=text]", "Old pads down to 2 mm; new pads fitted.")
    tech.set_input_files("input[name=files]", [jpeg("pads.jpg")])
    tech.fill("input[name=part_name]", "Front brake pads")
    tech.fill("input[name=part_brand]", "Bosch")
    tech.set_input_files("input[name=old_part_photo]", [jpeg("old.jpg")])
    tech.set_input_files("input[name=new_part_photo]", [jpeg("new.jpg")])
    press(tech, "Post update")
    assert wo.progress_posts.get().attachments.count() == 3
    shot(tech, "7-progress")
    press(tech, "Work done: to quality check")
    owner.goto(f"/my/workorders/{wo.pk}/")
    assert owner.locator(".wo-timeline img").count() == 3
    shot(owner, "8-live-progress")

    # 6. Quality check by a senior technician; the invoice; the six-step delivery.
    qc = new_page(TABLET)
    staff_login(qc, s.technicians[1].user.username, PASSWORD, english=True)
    qc.goto(f"/console/workorders/{wo.pk}/")
    press(qc, "Record the quality check")
    assert WorkOrder.objects.get(pk=wo.pk).status == "ready"
    desk.goto(f"/console/workorders/{wo.pk}/")
    press(desk, "Issue the invoice")
    desk.wait_for_url("**/invoice/")
    invoice = Invoice.objects.get(work_order=wo)
    assert invoice.discount_total == Decimal("48.00")  # 20 % off 1.5 h × ¥160
    assert (invoice.total, invoice.net_total, invoice.tax_total) == (
        Decimal("192.00"),
        Decimal("169.91"),
        Decimal("22.09"),
    )
    text = desk.inner_text(".wo-invoice")
    assert "Car-age discount 20%" in text and "−¥48.00" in text
    assert "VAT" in text and "¥22.09" in text and "¥192.00" in text
    shot(desk, "9-invoice")
    desk.goto(f"/console/workorders/{wo.pk}/")
    for box in desk.locator("input[name=steps][type=checkbox]").all():
        box.check()
    desk.select_option("select[name=old_parts_disposal]", "returned")
    desk.fill("input[name=next_service_date]", str(timezone.localdate() + dt.timedelta(days=180)))
    shot(desk, "10-delivery")
    press(desk, "Confirm with the owner")
    assert WorkOrder.objects.get(pk=wo.pk).status == "delivered"

    # 7. The owner pays and rates the visit.
    owner.goto(f"/my/workorders/{wo.pk}/")
    assert "¥192.00" in owner.inner_text("#invoice")
    owner.locator("button.wo-pay-wechat").click()
    owner.wait_for_url("**/my/pay/fake/**")
    shot(owner, "11-pay")
    press(owner, "Confirm payment")
    owner.wait_for_url(f"**/my/workorders/{wo.pk}/")
    assert "Paid" in owner.inner_text("#invoice")
    owner.locator(".wo-rate label").filter(has=owner.locator("input[value='5']")).click()
    owner.fill("textarea[name=comment]", "Clear explanations and photos, thank you.")
    press(owner, "Send rating")
    rated = WorkOrder.objects.get(pk=wo.pk)
    assert (rated.rating, rated.rating_comment) == (5, "Clear explanations and photos, thank you.")
    shot(owner, "12-rated")
    owner.set_viewport_size(DESKTOP)
    owner.goto(f"/my/workorders/{wo.pk}/invoice/")
    shot(owner, "13-invoice")

    assert PaymentRequest.objects.filter(status="succeeded").count() == 1 and WebhookEvent.objects.count() == 1
    desk.goto(f"/console/workorders/{wo.pk}/")
    press(desk, "Close the work order")
    assert WorkOrder.objects.get(pk=wo.pk).status == "closed"
    assert HistoryEvent.objects.filter(vehicle=s.vehicle, event_type="WORK_ORDER_CLOSED").count() == 1
    shot(desk, "14-closed")
