"""Console and portal pages for bookings: who sees what, the forms' round trips, nothing half-written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from aftercare.appointments.models import Appointment, VehicleHandover
from aftercare.appointments.tests.factories import Shop, booking, local, next_weekday, service_type, shop, with_pickup
from aftercare.audit.models import AuditEntry
from aftercare.network.tests.factories import StaffFactory
from aftercare.vehicles.models import OdometerReading

pytestmark = pytest.mark.django_db


def _photo(name: str = "car.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def s(db: None) -> Shop:
    return shop()


def _staff(client: Client, staff) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(staff.user)
    return client


def test_agenda_board_and_detail_render_for_the_stores_staff(client: Client, s: Shop) -> None:
    day = next_weekday()
    a = booking(s, local(day, 10))
    _staff(client, s.advisor)
    agenda = client.get(f"/console/appointments/?store={s.store.pk}&day={day}")
    assert agenda.status_code == 200 and s.vehicle.plate in agenda.content.decode()
    board = client.get(f"/console/appointments/board/?store={s.store.pk}&day={day}")
    assert board.status_code == 200 and 'class="wb-block' in board.content.decode()
    partial = client.get(f"/console/appointments/board/?store={s.store.pk}&day={day}&partial=1")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert client.get(f"/console/appointments/{a.pk}/").status_code == 200


def test_other_groups_staff_get_404_and_owners_are_kept_out(client: Client, s: Shop) -> None:
    a = booking(s, local(next_weekday(), 10))
    _staff(client, StaffFactory())
    assert client.get(f"/console/appointments/{a.pk}/").status_code == 404
    assert client.post(f"/console/appointments/{a.pk}/cancel/", {"reason": "x"}).status_code == 404
    client.force_login(s.owner.user)
    assert client.get(f"/console/appointments/{a.pk}/").status_code == 403
    assert Appointment.objects.get(pk=a.pk).status == "booked"


def test_owner_pages_list_detail_cancel(client: Client, s: Shop) -> None:
    a = booking(s, local(next_weekday(), 10))
    client.force_login(s.owner.user)
    assert s.store.name in client.get("/my/appointments/").content.decode()
    assert client.get(f"/my/appointments/{a.pk}/").status_code == 200
    refused = client.post(f"/my/appointments/{a.pk}/cancel/", {"reason": "  "})
    assert refused.status_code == 400 and Appointment.objects.get(pk=a.pk).status == "booked"
    done = client.post(f"/my/appointments/{a.pk}/cancel/", {"reason": "出差"})
    assert done.status_code == 302 and Appointment.objects.get(pk=a.pk).status == "cancelled"
    other = shop()
    client.force_login(other.owner.user)
    assert client.get(f"/my/appointments/{a.pk}/").status_code == 404


def test_owner_search_confirm_and_book(client: Client, s: Shop) -> None:
    client.force_login(s.owner.user)
    oil = service_type()
    day = next_weekday()
    page = client.get(
        "/my/appointments/new/",
        {"vehicle": s.vehicle.pk, "service": oil.pk, "city": "北京", "date_from": day, "days": 3},
    )
    assert page.status_code == 200 and "appt-slot" in page.content.decode()
    start = local(day, 9).isoformat()
    query = {"vehicle": s.vehicle.pk, "service": oil.pk, "store": s.store.pk, "start": start}
    assert client.get("/my/appointments/confirm/", query).status_code == 200
    missing = client.post(
        "/my/appointments/confirm/?" + "&".join(f"{k}={v}" for k, v in query.items()).replace("+", "%2B"),
        {"wants_pickup": "on", "pickup_address": ""},
    )
    assert missing.status_code == 400 and not Appointment.objects.exists()
    made = client.post(
        "/my/appointments/confirm/?" + "&".join(f"{k}={v}" for k, v in query.items()).replace("+", "%2B"),
        {"concerns": "异响", "wants_delivery": "on", "delivery_address": "北京市朝阳区望京街10号"},
    )
    assert made.status_code == 302
    a = Appointment.objects.get()
    assert a.starts_at == local(day, 9) and a.pickup.delivery_address == "北京市朝阳区望京街10号"


def test_owner_moves_a_booking_to_a_free_time(client: Client, s: Shop) -> None:
    day = next_weekday()
    a = booking(s, local(day, 10))
    client.force_login(s.owner.user)
    page = client.get(f"/my/appointments/{a.pk}/reschedule/")
    assert page.status_code == 200 and "appt-slot" in page.content.decode()
    moved = client.post(f"/my/appointments/{a.pk}/reschedule/", {"starts_at": local(day, 15).isoformat()})
    assert moved.status_code == 302 and Appointment.objects.get(pk=a.pk).starts_at == local(day, 15)


def test_driver_assignment_and_handovers_with_photos_and_odometer(client: Client, s: Shop) -> None:
    a = booking(s, local(next_weekday(), 10))
    with_pickup(a)
    _staff(client, s.advisor)
    assert client.post(f"/console/appointments/{a.pk}/driver/", {"driver_id": s.advisor.pk}).status_code == 302
    a.pickup.refresh_from_db()
    assert a.pickup.driver == s.advisor

    out_of_order = client.post(
        f"/console/appointments/{a.pk}/handover/", {"stage": "pickup_at_store", "km": 52000, "photos": [_photo()]}
    )
    assert out_of_order.status_code == 409 and not VehicleHandover.objects.exists()
    no_photo = client.post(f"/console/appointments/{a.pk}/handover/", {"stage": "pickup_from_owner", "km": 52000})
    assert no_photo.status_code == 400 and not VehicleHandover.objects.exists()
    readings = OdometerReading.objects.count()
    ok = client.post(
        f"/console/appointments/{a.pk}/handover/",
        {"stage": "pickup_from_owner", "km": 52000, "photos": [_photo("front.jpg"), _photo("dash.jpg")]},
    )
    assert ok.status_code == 302
    handover = VehicleHandover.objects.get()
    assert handover.photos.count() == 2 and handover.odometer_reading is not None
    assert OdometerReading.objects.count() == readings + 1
    assert handover.odometer_reading.km == 52000


def test_addresses_are_masked_until_the_driver_reveals_them_with_an_audit_entry(client: Client, s: Shop) -> None:
    a = booking(s, local(next_weekday(), 10))
    with_pickup(a, pickup="北京市朝阳区望京街10号院3号楼")
    junior = StaffFactory(store=s.store, junior=True)
    _staff(client, junior)
    assert "望京街10号院3号楼" not in client.get(f"/console/appointments/{a.pk}/").content.decode()
    assert client.post(f"/console/appointments/{a.pk}/reveal/").status_code == 403
    a.pickup.driver = junior
    a.pickup.save()
    shown = client.post(f"/console/appointments/{a.pk}/reveal/")
    assert shown.status_code == 200 and "望京街10号院3号楼" in shown.content.decode()
    assert AuditEntry.objects.filter(object_type="appointments.pickupdelivery", object_id=str(a.pickup.pk)).exists()


def test_no_show_button_works_only_after_the_start(client: Client, s: Shop) -> None:
    future = booking(s, local(next_weekday(), 10))
    past = booking(s, local(dt.date.today() - dt.timedelta(days=1), 10))
    _staff(client, s.advisor)
    client.post(f"/console/appointments/{future.pk}/no-show/")
    client.post(f"/console/appointments/{past.pk}/no-show/")
    assert Appointment.objects.get(pk=future.pk).status == "booked"
    assert Appointment.objects.get(pk=past.pk).status == "no_show"
