"""The work-order API: detail and list (with a query count), decisions, invoice JSON, idempotent payments."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.workorders.models import WorkOrder
from aftercare.workorders.tests import factories as f

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client: Client, url: str, body: dict, headers: dict) -> tuple[int, dict]:
    response = client.post(url, data=json.dumps(body), content_type="application/json", **headers)
    return response.status_code, response.json()


def test_owner_decides_lines_and_sees_the_work_order_move(client: Client) -> None:
    d = f.desk()
    wo, (lab, prt) = f.estimated(d)
    owner = bearer(d.owner.user)
    detail = client.get(f"/api/v1/workorders/{wo.pk}", **owner).json()
    assert detail["status"] == "estimated" and [x["decision"] for x in detail["lines"]] == ["pending", "pending"]
    assert detail["lines"][0]["amount"] == "240.00"
    status, body = post(client, f"/api/v1/workorder-lines/{lab.pk}/decision", {"decision": "approved"}, owner)
    assert (status, body["decision_channel"]) == (200, "portal")
    post(client, f"/api/v1/workorder-lines/{prt.pk}/decision", {"decision": "declined"}, owner)
    assert client.get(f"/api/v1/workorders/{wo.pk}", **owner).json()["status"] == "approved"
    activity = client.get(f"/api/v1/workorders/{wo.pk}/activity", **owner).json()
    assert [a["kind"] for a in activity if a["line_id"]] == [
        "line_added",
        "line_added",
        "line_approved",
        "line_declined",
    ]


def test_the_list_costs_a_fixed_number_of_queries(client: Client) -> None:
    d = f.desk()
    f.walk_in(d)
    headers = bearer(d.advisor.user)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/workorders", **headers).status_code == 200
    for _ in range(4):
        f.walk_in(f.desk(store=d.store))
    with CaptureQueriesContext(connection) as five:
        body = client.get("/api/v1/workorders", **headers).json()
    assert len(body["items"]) == 5
    assert len(five) == len(one)


def test_invoice_json_and_idempotent_payment_requests(client: Client) -> None:
    d = f.desk()
    wo = f.ready(d)
    owner = bearer(d.owner.user)
    preview = client.get(f"/api/v1/workorders/{wo.pk}/invoice", **owner).json()
    assert preview["issued"] is False and preview["prices_include_vat"] is True
    status, issued = post(client, f"/api/v1/workorders/{wo.pk}/invoice", {}, bearer(d.advisor.user))
    assert status == 201 and len(issued["number"]) == 20 and issued["paid"] is False
    assert Decimal(issued["total"]) == Decimal(issued["net_total"]) + Decimal(issued["tax_total"])
    assert issued["total"] == preview["total"] == "720.00"
    body = {"channel": "wechat", "idempotency_key": "4f1d9c0e-1b2a-4c3d"}
    first = post(client, f"/api/v1/workorders/{wo.pk}/payments", body, owner)
    again = post(client, f"/api/v1/workorders/{wo.pk}/payments", body, owner)
    assert (first[0], again[0]) == (201, 200) and first[1]["id"] == again[1]["id"] and again[1]["replayed"]
    changed = post(client, f"/api/v1/workorders/{wo.pk}/payments", body | {"channel": "alipay"}, owner)
    assert (changed[0], changed[1]["code"]) == (409, "idempotency_key_reused")
    assert WorkOrder.objects.get(pk=wo.pk).status == "ready"
