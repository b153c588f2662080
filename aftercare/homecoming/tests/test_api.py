"""Homecoming over the API: enrol (base64 photo), status, wallet, redeem, lookup; query counts stay flat."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.homecoming import services
from aftercare.homecoming.tests.conftest import Net
from aftercare.homecoming.tests.factories import car, enrol, enrol_api_body
from aftercare.network.tests.factories import actor_of_staff

pytestmark = pytest.mark.django_db


def call(client: Client, user: Any, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    key = api_token_create(user=user, name="t")[1]
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    response = client.generic(method, f"/api/v1{path}", **kwargs)
    return response.status_code, response.json()


def test_owner_enrols_over_the_api_and_reads_the_wallet(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2025, 6, 1))
    status, body = call(client, net.owner.user, "POST", f"/vehicles/{vehicle.pk}/enrolments", enrol_api_body())
    assert status == 201 and body["status"] == "approved" and body["reasons"] == []
    status, wallet = call(client, net.owner.user, "GET", f"/vehicles/{vehicle.pk}/wallet")
    assert status == 200 and wallet["enrolled"] and len(wallet["code"]) == 8 and len(wallet["benefits"]) == 5
    status, staff_view = call(client, net.advisor.user, "GET", f"/vehicles/{vehicle.pk}/wallet")
    assert status == 200 and staff_view["code"] is None  # the code is the owner's to show


def test_refusal_over_the_api_explains_and_dates(client: Client, net: Net) -> None:
    from django.utils import timezone

    bought = timezone.localdate() - dt.timedelta(days=30)
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=bought)
    status, body = call(
        client,
        net.owner.user,
        "POST",
        f"/vehicles/{vehicle.pk}/enrolments",
        enrol_api_body(held_since=bought.isoformat()),
    )
    assert status == 201 and body["status"] == "refused"
    assert body["eligible_on"] == (bought + dt.timedelta(days=101)).isoformat()
    assert [r["code"] for r in body["reasons"]] == ["held_too_short"]
    assert body["reasons"][0]["message"].startswith("You have had the car for 30 days")
    status, listing = call(client, net.owner.user, "GET", f"/vehicles/{vehicle.pk}/enrolments")
    assert status == 200 and [e["id"] for e in listing] == [body["id"]]


def test_redeem_over_the_api_once_and_across_groups_with_the_code(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    enrolment = enrol(vehicle)
    status, body = call(
        client, net.advisor.user, "POST", f"/vehicles/{vehicle.pk}/wallet/redeem", {"benefit": "health_check"}
    )
    assert status == 200 and body["status"] == "redeemed" and body["redeemed_store_id"] == net.store.pk
    status, again = call(
        client, net.advisor.user, "POST", f"/vehicles/{vehicle.pk}/wallet/redeem", {"benefit": "health_check"}
    )
    assert (status, again["code"]) == (409, "benefit_already_redeemed")
    other = net.other_advisor.user
    status, _ = call(client, other, "POST", f"/vehicles/{vehicle.pk}/wallet/redeem", {"benefit": "oil_service"})
    assert status == 404
    status, found = call(
        client, other, "POST", "/wallets/lookup", {"vin_or_plate": vehicle.vin, "code": enrolment.wallet_code}
    )
    assert status == 200 and found["code"] is None and found["vehicle_id"] == vehicle.pk
    status, body = call(
        client,
        other,
        "POST",
        f"/vehicles/{vehicle.pk}/wallet/redeem",
        {"benefit": "oil_service", "wallet_code": enrolment.wallet_code},
    )
    assert status == 200 and body["redeemed_store_id"] == net.other_store.pk


def _counter(client: Client, net: Net, url: str) -> Any:
    key = api_token_create(user=net.advisor.user, name="q")[1]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        return len(ctx.captured_queries)

    return count


def test_enrolment_list_queries_do_not_grow_with_applications(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    count = _counter(client, net, f"/api/v1/vehicles/{vehicle.pk}/enrolments")
    enrol(vehicle, held_since=dt.date(2024, 6, 1), at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC))  # refused
    one = count()
    for n in range(3):
        enrol(vehicle, at=dt.datetime(2024, 7, 2 + n, tzinfo=dt.UTC))  # refused again
    assert enrol(vehicle).approved
    assert count() == one


def test_wallet_queries_do_not_grow_with_redemptions(client: Client, net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    enrolment = enrol(vehicle)
    count = _counter(client, net, f"/api/v1/vehicles/{vehicle.pk}/wallet")
    fresh = count()
    advisor = actor_of_staff(net.advisor)
    for benefit in enrolment.benefits.filter(status="available"):
        services.benefit_redeem(actor=advisor, benefit_id=benefit.pk, store_id=net.store.pk)
    assert count() == fresh
