"""Recall API: campaign search and detail, a car's recalls, completion; scoping and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.network.tests.factories import StaffFactory
from aftercare.recalls.models import VehicleRecall
from aftercare.recalls.tests.conftest import byd_car
from aftercare.recalls.tests.factories import CampaignFactory, CoverageFactory, VehicleRecallFactory
from aftercare.vehicles.models import Ownership

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_search_campaigns_by_number_make_alias_model_and_words(client: Client, manager):
    han = CampaignFactory(number="S2025-0100", summary="动力电池包冷却管路可能渗漏")
    CoverageFactory(campaign=han, make="比亚迪", model="汉EV")
    CampaignFactory(number="S2025-0200", summary="雨刮电机")
    auth = _auth(manager.user)

    def numbers(q: str) -> list[str]:
        body = client.get("/api/v1/recalls/campaigns", {"q": q}, **auth).json()
        return [c["number"] for c in body["items"]]

    assert numbers("s2025-01") == ["S2025-0100"]
    assert numbers("BYD") == ["S2025-0100"], "make found through its alias"
    assert numbers("汉 EV") == ["S2025-0100"]
    assert numbers("冷却管路") == ["S2025-0100"]
    assert len(numbers("")) == 2
    assert client.get("/api/v1/recalls/campaigns", {"q": "x" * 61}, **auth).status_code == 422


def test_campaign_list_query_count_does_not_grow(client: Client, manager):
    auth = _auth(manager.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/recalls/campaigns?limit=50&q=Q-", **auth).status_code == 200
        return len(ctx.captured_queries)

    CoverageFactory(campaign=CampaignFactory(number="Q-000"))
    few = queries()
    for n in range(1, 30):
        CoverageFactory(campaign=CampaignFactory(number=f"Q-{n:03d}"))
    assert queries() == few


def test_owners_cannot_list_campaigns_but_see_their_cars_recalls(client: Client, store):
    car = byd_car(store)
    VehicleRecallFactory(vehicle=car, campaign=CampaignFactory(number="S2025-0300"))
    owner_user = Ownership.objects.get(vehicle=car).owner.user
    auth = _auth(owner_user)
    assert client.get("/api/v1/recalls/campaigns", **auth).status_code == 403
    body = client.get(f"/api/v1/vehicles/{car.pk}/recalls", **auth).json()
    assert [(r["campaign"]["number"], r["status"], r["vin"]) for r in body] == [("S2025-0300", "open", car.vin)]


def test_campaign_detail_and_affected_cars_in_scope(client: Client, store, manager):
    mine = byd_car(store)
    campaign = CampaignFactory()
    CoverageFactory(campaign=campaign)
    VehicleRecallFactory(vehicle=mine, campaign=campaign)
    VehicleRecallFactory(vehicle=byd_car(StaffFactory().store), campaign=campaign)  # another group's car
    auth = _auth(manager.user)
    detail = client.get(f"/api/v1/recalls/campaigns/{campaign.pk}", **auth).json()
    assert detail["coverages"][0]["model"] == "朗逸"
    cars = client.get(f"/api/v1/recalls/campaigns/{campaign.pk}/vehicles", **auth).json()
    assert [c["vehicle_id"] for c in cars["items"]] == [mine.pk]


def test_complete_through_the_api(client: Client, store, manager):
    recall = VehicleRecallFactory(vehicle=byd_car(store))
    response = client.post(
        f"/api/v1/recalls/vehicle-recalls/{recall.pk}/complete",
        data={"work_order_ref": "WO-77", "note": "done"},
        content_type="application/json",
        **_auth(manager.user),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["method"] == "work_order"
    assert VehicleRecall.objects.get().status == "completed"


def test_operator_creates_a_campaign_and_it_is_matched(
    client: Client, store, operator, django_capture_on_commit_callbacks
):
    car = byd_car(store, model="元PLUS", year=2023)
    body = {
        "number": "S2025-0999",
        "kind": "technical_upgrade",
        "summary": "整车控制器软件升级",
        "remedy": "OTA 或到店升级",
        "coverages": [{"make": "BYD", "model": "元 PLUS", "year_from": 2022}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/recalls/campaigns", data=body, content_type="application/json",
                               **_auth(operator.user))  # fmt: skip
    assert response.status_code == 201, response.json()
    assert VehicleRecall.objects.filter(vehicle=car, campaign_id=response.json()["id"]).exists()
