"""Network endpoints: stores, staff, customers (masked), reveal with audit, consents, handovers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from aftercare.accounts.services import api_token_create
from aftercare.audit.models import AuditEntry
from aftercare.network.models import AdvisorHandover, Customer
from aftercare.network.tests.factories import (
    CustomerFactory,
    ServiceBayFactory,
    SkillFactory,
    StaffFactory,
    StoreFactory,
)
from aftercare.owners.models import Consent
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db

PHONE = "+8613812345678"


def bearer(user: Any, language: str = "en") -> dict[str, str]:
    key = api_token_create(user=user, name="test")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": language}


def post(client: Client, url: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", REMOTE_ADDR="10.1.2.3", **headers)


def as_text(response: Any) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


@pytest.fixture
def shop():
    store = StoreFactory(city="上海", city_en="Shanghai")
    ServiceBayFactory(store=store, code="B01", skills=[SkillFactory(code="ev", name="新能源", name_en="EV")])
    manager = StaffFactory(store=store, manager=True)
    advisor = StaffFactory(store=store)  # senior: may reveal
    junior = StaffFactory(store=store, junior=True)
    technician = StaffFactory(store=store, technician=True)
    owner = OwnerFactory(phone=PHONE, name="段小明", email="duan@example.com", id_number="51010119900101001X")
    customer = CustomerFactory(dealer_group=store.dealer_group, owner=owner, advisor=advisor)
    return {
        "store": store,
        "manager": manager,
        "advisor": advisor,
        "junior": junior,
        "technician": technician,
        "owner": owner,
        "customer": customer,
    }


def test_store_list_and_detail(client: Client, shop) -> None:
    StoreFactory()  # another group's store
    headers = bearer(shop["advisor"].user)
    body = client.get("/api/v1/stores", {"city": "Shanghai"}, **headers).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["id"], item["bay_count"], item["staff_count"], item["dealer_group_name"]) == (
        shop["store"].pk,
        1,
        4,
        shop["store"].dealer_group.name,
    )
    assert item["opening_hours"]["sun"] == []
    detail = client.get(f"/api/v1/stores/{shop['store'].pk}", **headers).json()
    assert [(b["code"], [s["code"] for s in b["skills"]]) for b in detail["bays"]] == [("B01", ["ev"])]


def test_store_staff_and_one_staff_member(client: Client, shop) -> None:
    headers = bearer(shop["advisor"].user)
    staff = client.get(f"/api/v1/stores/{shop['store'].pk}/staff", **headers).json()
    assert {s["id"] for s in staff} == {shop[k].pk for k in ("manager", "advisor", "junior", "technician")}
    one = client.get(f"/api/v1/staff/{shop['junior'].pk}", **headers).json()
    assert (one["role"], one["level"], one["left_on"]) == ("advisor", "junior", None)


def test_customers_are_masked_by_default(client: Client, shop) -> None:
    headers = bearer(shop["technician"].user)
    for url in ["/api/v1/customers", f"/api/v1/customers/{shop['customer'].pk}"]:
        response = client.get(url, **headers)
        assert response.status_code == 200
        text = as_text(response)
        assert "138****5678" in text and "段**" in text and "d*****@example.com" in text
        for secret in ("13812345678", PHONE, "段小明", "duan@example.com", "51010119900101001X"):
            assert secret not in text, (url, secret)


def test_reveal_with_permission_returns_everything_and_is_audited(client: Client, shop) -> None:
    for who in ("advisor", "manager"):
        response = post(
            client,
            f"/api/v1/customers/{shop['customer'].pk}/reveal",
            {"reason": "客户来电要求回访"},
            bearer(shop[who].user),
        )
        assert response.status_code == 200, response.content
        assert response.json() == {
            "name": "段小明",
            "phone": PHONE,
            "email": "duan@example.com",
            "id_number": "51010119900101001X",
        }
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.actor_id for e in entries] == [shop["advisor"].user_id, shop["manager"].user_id]
    entry = entries[0]
    assert (entry.action, entry.object_type, entry.object_id, entry.reason, entry.ip_address) == (
        "owner.reveal_personal_data",
        "owner",
        str(shop["owner"].pk),
        "客户来电要求回访",
        "10.1.2.3",
    )
    assert entry.dealer_group_id == shop["store"].dealer_group_id


@pytest.mark.parametrize("who", ["junior", "technician"])
def test_reveal_without_permission_is_refused_and_not_audited(client: Client, shop, who) -> None:
    response = post(
        client, f"/api/v1/customers/{shop['customer'].pk}/reveal", {"reason": "curious"}, bearer(shop[who].user)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "reveal_not_allowed"
    assert "13812345678" not in as_text(response)
    assert AuditEntry.objects.count() == 0


def test_reveal_without_a_reason_is_refused_and_not_audited(client: Client, shop) -> None:
    response = post(
        client, f"/api/v1/customers/{shop['customer'].pk}/reveal", {"reason": " "}, bearer(shop["advisor"].user)
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["reason"]
    assert AuditEntry.objects.count() == 0


def test_operator_reveal_is_audited_with_the_customers_group(client: Client, shop) -> None:
    operator = StaffFactory(operator=True)  # senior operators hold the reveal grant
    response = post(
        client, f"/api/v1/customers/{shop['customer'].pk}/reveal", {"reason": "complaint"}, bearer(operator.user)
    )
    assert response.status_code == 200
    assert AuditEntry.objects.get().dealer_group_id == shop["store"].dealer_group_id


def test_consents_recorded_in_store(client: Client, shop) -> None:
    url = f"/api/v1/customers/{shop['customer'].pk}/consents"
    headers = bearer(shop["advisor"].user)
    response = post(client, url, {"purpose": "marketing", "granted": True}, headers)
    assert response.status_code == 201, response.content
    assert (response.json()["channel"], response.json()["granted"]) == ("store", True)
    consent = Consent.objects.get()
    assert (consent.owner_id, consent.recorded_by_id) == (shop["owner"].pk, shop["advisor"].user_id)
    listed = client.get(url, **headers).json()
    assert [c["purpose"] for c in listed] == ["marketing"]


def test_technicians_cannot_record_consent(client: Client, shop) -> None:
    url = f"/api/v1/customers/{shop['customer'].pk}/consents"
    response = post(client, url, {"purpose": "marketing", "granted": True}, bearer(shop["technician"].user))
    assert response.status_code == 403
    assert Consent.objects.count() == 0


def test_manager_hands_a_customer_to_another_advisor(client: Client, shop) -> None:
    url = f"/api/v1/customers/{shop['customer'].pk}/advisor"
    response = post(client, url, {"advisor_id": shop["junior"].pk}, bearer(shop["manager"].user))
    assert response.status_code == 200, response.content
    assert (response.json()["advisor_id"], response.json()["advisor_name"]) == (
        shop["junior"].pk,
        shop["junior"].display_name,
    )
    assert AdvisorHandover.objects.get().reason == "reassigned"
    refused = post(client, url, {"advisor_id": shop["advisor"].pk}, bearer(shop["advisor"].user))
    assert refused.status_code == 403


def test_depart_over_the_api(client: Client, shop) -> None:
    url = f"/api/v1/staff/{shop['advisor'].pk}/depart"
    response = post(client, url, {}, bearer(shop["manager"].user))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["customers_moved"] == 1 and body["staff"]["left_on"] is not None
    assert Customer.objects.get().advisor_id == shop["junior"].pk  # the only other advisor
    again = post(client, url, {}, bearer(shop["manager"].user))
    assert (again.status_code, again.json()["code"]) == (400, "staff_already_left")


def test_owners_see_no_dealer_data(client: Client, shop) -> None:
    owner = OwnerFactory(login=True)
    headers = bearer(owner.user)
    assert client.get("/api/v1/stores", **headers).json()["count"] == 0
    assert client.get("/api/v1/customers", **headers).json()["count"] == 0
    assert client.get(f"/api/v1/stores/{shop['store'].pk}", **headers).status_code == 404
