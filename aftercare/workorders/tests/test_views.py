"""Console and portal pages of a work order: they render, forms post through the services, foreign is 404,
photos are served only to those who may see the work order."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from aftercare.workorders import services
from aftercare.workorders.models import EstimateLine, WorkOrder
from aftercare.workorders.tests import factories as f

pytestmark = pytest.mark.django_db


def staff_client(staff) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # pages are Chinese unless the person switches
    client.force_login(staff.user)
    return client


def owner_client(owner) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # pages are Chinese unless the person switches
    client.force_login(owner.user)
    return client


def test_the_advisor_checks_in_a_walk_in_with_a_photo_on_the_tablet_page() -> None:
    d = f.desk()
    client = staff_client(d.advisor)
    page = client.get(f"/console/workorders/walk-in/{d.vehicle.pk}/")
    assert page.status_code == 200 and "Tablet check-in" in page.content.decode()
    data = {"odometer_km": "61000", "fuel_level": "75", "job_type_id": str(f.job("oil_service").pk), "concerns": "保养"}
    response = client.post(f"/console/workorders/walk-in/{d.vehicle.pk}/", data | {"photos": [f.jpeg()]})
    assert response.status_code == 302
    wo = WorkOrder.objects.get(vehicle=d.vehicle)
    assert (wo.status, wo.odometer_km, wo.attachments.count()) == ("checked_in", 61000, 1)
    detail = client.get(f"/console/workorders/{wo.pk}/")
    assert detail.status_code == 200 and wo.number in detail.content.decode()
    photo = client.get(f"/console/workorders/media/{wo.attachments.get().pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_bad_check_in_shows_errors_and_saves_nothing() -> None:
    d = f.desk()
    client = staff_client(d.advisor)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(f"/console/workorders/walk-in/{d.vehicle.pk}/", {"odometer_km": "", "fuel_level": ""})
    assert response.status_code == 400
    text = response.content.decode()
    with translation.override("zh-hans"):
        expected = [gettext("Enter the odometer reading in kilometres."), gettext("Choose the fuel level.")]
    assert 'data-field="odometer_km"' in text
    assert all(message in text for message in expected)
    assert not WorkOrder.objects.exists()


def test_estimate_editor_adds_a_line_and_records_a_phone_approval() -> None:
    d = f.desk()
    wo = f.walk_in(d)
    client = staff_client(d.advisor)
    response = client.post(
        f"/console/workorders/{wo.pk}/lines/",
        {
            "kind": "labour",
            "job_type_id": f.job("brake_service").pk,
            "description": "更换刹车片",
            "hours": "1.5",
            "technician_level": "intermediate",
        },
    )
    assert response.status_code == 302
    line = EstimateLine.objects.get(work_order=wo)
    services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="diagnosing")
    client.post(f"/console/workorders/{wo.pk}/transition/", {"to_state": "estimated"})
    client.post(f"/console/workorders/{wo.pk}/lines/{line.pk}/decide/", {"decision": "approved", "channel": "phone"})
    line.refresh_from_db()
    assert (line.decision, line.decision_channel) == ("approved", "phone")
    assert WorkOrder.objects.get(pk=wo.pk).status == "approved"


def test_the_owner_follows_decides_sees_the_invoice_and_pays_on_the_portal() -> None:
    d = f.desk()
    wo, (lab, prt) = f.estimated(d)
    client = owner_client(d.owner)
    page = client.get(f"/my/workorders/{wo.pk}/")
    assert page.status_code == 200 and "Your decision" in page.content.decode()
    client.post(f"/my/workorders/{wo.pk}/lines/{lab.pk}/decide/", {"decision": "approved"})
    client.post(f"/my/workorders/{wo.pk}/lines/{prt.pk}/decide/", {"decision": "declined"})
    assert WorkOrder.objects.get(pk=wo.pk).status == "approved"
    for state in ("in_progress", "quality_check"):
        services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state=state)
    services.quality_check_record(actor=d.senior_actor, work_order_id=wo.pk, passed=True)
    services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    invoice_page = client.get(f"/my/workorders/{wo.pk}/invoice/").content.decode()
    assert "240.00" in invoice_page and "VAT" in invoice_page
    pay = client.post(f"/my/workorders/{wo.pk}/pay/", {"channel": "wechat", "idempotency_key": "page-key-123"})
    assert pay.status_code == 302 and pay["Location"].startswith("/my/pay/fake/")
    again = client.post(f"/my/workorders/{wo.pk}/pay/", {"channel": "wechat", "idempotency_key": "page-key-123"})
    assert again["Location"] == pay["Location"]  # a double tap is one payment request
    confirm = client.post(pay["Location"], {"action": "confirm"})
    assert confirm.status_code == 302
    assert "Paid. Thank you!" in client.get(f"/my/workorders/{wo.pk}/").content.decode()


def test_someone_elses_work_order_and_photos_are_404() -> None:
    d, other = f.desk(), f.desk()
    wo = f.walk_in(d, photos=[f.jpeg()])
    photo = wo.attachments.get().pk
    assert owner_client(other.owner).get(f"/my/workorders/{wo.pk}/").status_code == 404
    assert owner_client(other.owner).get(f"/my/workorders/media/{photo}/").status_code == 404
    assert staff_client(other.advisor).get(f"/console/workorders/{wo.pk}/").status_code == 404
    assert staff_client(other.advisor).get(f"/console/workorders/media/{photo}/").status_code == 404
    assert owner_client(d.owner).get(f"/my/workorders/media/{photo}/").status_code == 200


def test_an_online_booking_opens_its_work_order_in_the_booked_state() -> None:
    from aftercare.appointments.models import Appointment
    from aftercare.appointments.tests.factories import local, next_weekday, service_type, shop

    s = shop()
    client = owner_client(s.owner)
    day = next_weekday()
    query = {"vehicle": s.vehicle.pk, "service": service_type().pk, "store": s.store.pk, "start": local(day, 9)}
    url = "/my/appointments/confirm/?" + "&".join(f"{k}={v}" for k, v in query.items()).replace("+", "%2B")
    made = client.post(url.replace(" ", "T"), {"concerns": "异响"})
    assert made.status_code == 302
    appointment = Appointment.objects.get()
    wo = WorkOrder.objects.get(appointment_id=appointment.pk)
    assert (wo.status, wo.vehicle_id) == ("booked", s.vehicle.pk)
    assert made["Location"].endswith(f"/my/appointments/{appointment.pk}/")
