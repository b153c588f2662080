"""Inspection API: the dual track in JSON, the plain report per language, query counts that do not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.inspections import services
from aftercare.inspections.tests.factories import HEALTH, bay, completed

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def test_start_record_complete_and_report_over_the_api(client: Client) -> None:
    b = bay()
    services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["P0420"])
    auth = _auth(b.technician.user)
    started = client.post(
        f"/api/v1/vehicles/{b.vehicle.pk}/inspections", {"template": HEALTH}, content_type="application/json", **auth
    )
    assert started.status_code == 201, started.json()
    body = started.json()
    dt13 = next(r for r in body["results"] if r["item_code"] == "DT13")
    assert (dt13["suggested_verdict"], dt13["suggestion_state"], dt13["verdict"]) == ("attention", "suggested", "")
    assert dt13["suggestions"][0]["source"] == "trouble_code"
    url = f"/api/v1/inspections/{body['id']}"
    for r in body["results"]:
        verdict = "attention" if r["item_code"] == "DT13" else "ok"
        answer = client.post(
            f"{url}/results", {"item_code": r["item_code"], "verdict": verdict}, content_type="application/json", **auth
        )
        assert answer.status_code == 200
    assert answer.json()["verdict"] == "ok"
    done = client.post(f"{url}/complete", {"odometer_km": 50_000}, content_type="application/json", **auth)
    assert done.json()["grade"] == "good"
    zh = client.get(f"{url}/report", HTTP_ACCEPT_LANGUAGE="zh-hans", **auth).json()
    en = client.get(f"{url}/report", HTTP_ACCEPT_LANGUAGE="en", **auth).json()
    assert zh["findings"][0]["name"] == "排气/排放状况" and en["findings"][0]["name"] == "Exhaust smoke / emissions"
    assert zh["share_url"].startswith("http") and "/r/" in zh["share_url"]
    pdf = client.get(f"{url}/report.pdf", **auth)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_list_and_detail_query_counts_do_not_grow_with_data(client: Client) -> None:
    b = bay()
    auth = _auth(b.technician.user)
    first = completed(b, {"BE21": "attention"})

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **auth).status_code == 200
        return len(ctx.captured_queries)

    listing = f"/api/v1/vehicles/{b.vehicle.pk}/inspections"
    detail = f"/api/v1/inspections/{first.pk}"
    before = (count(listing), count(detail))
    completed(b, {"CH04": "urgent", "DT01": "attention"})
    completed(b)
    assert (count(listing), count(detail)) == before
