"""The booking API: search, book, list, reschedule, cancel, no-show; schema, scoping and query counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.appointments.models import Appointment
from aftercare.appointments.tests.factories import Shop, booking, local, next_weekday, service_type, shop
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db


def _key(user: Any) -> str:
    return api_token_create(user=user, name="test")[1]


def _call(client: Client, key: str, method: str, path: str, body: Any = None, **query: Any) -> tuple[int, Any]:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.generic(method, path, **kwargs)
    return response.status_code, response.json() if response.content else None


@pytest.fixture
def s(db: None) -> Shop:
    return shop()


def test_owner_searches_books_lists_moves_and_cancels(client: Client, s: Shop) -> None:
    key = _key(s.owner.user)
    day = next_weekday()
    oil = service_type("oil-service")
    status, stores = _call(
        client,
        key,
        "GET",
        "/api/v1/appointments/slots",
        latitude=39.9,
        longitude=116.4,
        date_from=day,
        date_to=day,
        service_type_id=oil.pk,
    )
    assert status == 200 and stores[0]["store_id"] == s.store.pk
    first = stores[0]["slots"][0]["starts_at"]
    assert dt.datetime.fromisoformat(first) == local(day, 8, 30)

    body = {
        "vehicle_id": s.vehicle.pk,
        "store_id": s.store.pk,
        "service_type_id": oil.pk,
        "starts_at": first,
        "pickup": {"pickup_address": "北京市朝阳区望京街10号院3号楼"},
    }
    status, made = _call(client, key, "POST", "/api/v1/appointments", body)
    assert status == 201, made
    assert made["status"] == "booked" and made["channel"] == "api" and made["service_type_code"] == "oil-service"
    assert made["pickup"]["pickup_address_masked"] != "北京市朝阳区望京街10号院3号楼"
    assert "望京街10号" not in made["pickup"]["pickup_address_masked"]

    status, again = _call(client, key, "POST", "/api/v1/appointments", body)
    assert (status, again["code"]) == (409, "vehicle_already_booked")

    status, page = _call(client, key, "GET", "/api/v1/appointments")
    assert status == 200 and [a["id"] for a in page["items"]] == [made["id"]]

    new_start = local(day, 14).isoformat()
    status, moved = _call(
        client, key, "POST", f"/api/v1/appointments/{made['id']}/reschedule", {"starts_at": new_start}
    )
    assert status == 200 and dt.datetime.fromisoformat(moved["starts_at"]) == local(day, 14)

    status, gone = _call(client, key, "POST", f"/api/v1/appointments/{made['id']}/cancel", {"reason": "改天再来"})
    assert status == 200 and gone["status"] == "cancelled" and gone["cancel_reason"] == "改天再来"


def test_slot_taken_is_a_clear_409(client: Client) -> None:
    s = shop(bays=1, technician_levels=("junior",))
    day = next_weekday()
    booking(s, local(day, 10), vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group))
    body = {
        "vehicle_id": s.vehicle.pk,
        "store_id": s.store.pk,
        "service_type_id": service_type().pk,
        "starts_at": local(day, 10, 30).isoformat(),
    }
    status, err = _call(client, _key(s.owner.user), "POST", "/api/v1/appointments", body)
    assert status == 409
    assert err == {
        "code": "slot_taken",
        "message": "Sorry, this time has just been taken. Please choose another time.",
        "fields": {"starts_at": ["Sorry, this time has just been taken. Please choose another time."]},
    }
    assert Appointment.objects.count() == 1


def test_staff_list_their_store_and_mark_a_no_show(client: Client, s: Shop) -> None:
    past = booking(s, local(dt.date.today() - dt.timedelta(days=1), 10))
    key = _key(s.advisor.user)
    status, page = _call(client, key, "GET", "/api/v1/appointments", store_id=s.store.pk)
    assert status == 200 and page["count"] == 1 and page["items"][0]["owner_name_masked"] != s.owner.name
    status, marked = _call(client, key, "POST", f"/api/v1/appointments/{past.pk}/no-show")
    assert status == 200 and marked["status"] == "no_show"


def test_service_types_are_listed_with_their_skill_and_level(client: Client, s: Shop) -> None:
    status, rows = _call(client, _key(s.owner.user), "GET", "/api/v1/service-types")
    by_code = {r["code"]: r for r in rows}
    assert status == 200
    assert by_code["ev-hv"]["skill"] == "ev-hv" and by_code["ev-hv"]["min_level"] == "senior"
    assert by_code["alignment"]["skill"] == "alignment"
    assert by_code["major-service"]["job_type"] == "level2_maintenance"


def test_list_query_count_does_not_grow_with_bookings(client: Client, s: Shop) -> None:
    key = _key(s.advisor.user)
    day = next_weekday()
    booking(s, local(day, 9))
    with CaptureQueriesContext(connection) as one:
        _call(client, key, "GET", "/api/v1/appointments")
    for hour in range(10, 16):
        booking(s, local(day, hour), vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group))
    with CaptureQueriesContext(connection) as seven:
        status, page = _call(client, key, "GET", "/api/v1/appointments")
    assert status == 200 and page["count"] == 7
    assert len(seven) == len(one)
