"""Query counts of every list endpoint of /api/v1 must not grow with the number of rows (3 vs 30)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftercare.accounts.services import api_token_create
from aftercare.history.services import checkpoint_publish, event_record
from aftercare.network.tests.factories import (
    CustomerFactory,
    ServiceBayFactory,
    SkillFactory,
    StaffFactory,
    StoreFactory,
)
from aftercare.notifications.services import inbox_post
from aftercare.owners.services import consent_record
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import VehicleLicence
from aftercare.vehicles.tests.factories import OdometerReadingFactory, OwnershipFactory, vehicle_with_owner

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    """A manager of a group with one store, customer and car, and the car's owner with a login."""

    manager: Any
    owner: Any
    store: Any
    customer: Any
    vehicle: Any
    keys: dict[str, str]


@pytest.fixture
def scene() -> Scene:
    store = StoreFactory()
    manager = StaffFactory(store=store, manager=True)
    owner = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, advisor=manager)
    customer = owner.customers.get()
    keys = {
        "manager": api_token_create(user=manager.user, name="q")[1],
        "owner": api_token_create(user=owner.user, name="q")[1],
    }
    return Scene(manager, owner, store, customer, vehicle, keys)


def _more_stores(s: Scene, n: int) -> None:
    skill = SkillFactory()
    for _ in range(n):
        store = StoreFactory(dealer_group=s.store.dealer_group)
        ServiceBayFactory(store=store, skills=[skill])
        StaffFactory(store=store)


def _more_staff(s: Scene, n: int) -> None:
    for _ in range(n):
        StaffFactory(store=s.store)


def _more_customers(s: Scene, n: int) -> None:
    for _ in range(n):
        CustomerFactory(dealer_group=s.store.dealer_group, advisor=StaffFactory(store=s.store))


def _more_customer_consents(s: Scene, n: int) -> None:
    for i in range(n):
        consent_record(
            owner_id=s.customer.owner_id, purpose="marketing", granted=i % 2 == 0, channel="store", recorded_by_id=None
        )


def _more_vehicles(s: Scene, n: int) -> None:
    for _ in range(n):
        v = vehicle_with_owner(dealer_group=s.store.dealer_group)
        VehicleLicence.objects.create(
            vehicle=v,
            registered_owner_name="车主",
            plate=v.plate,
            vehicle_type="小型轿车",
            use_type="private",
            registration_date=dt.date(2020, 1, 1),
            issue_date=dt.date(2021, 1, 1),
        )


def _more_ownerships(s: Scene, n: int) -> None:
    for i in range(n):
        start = dt.date(1990 + i, 1, 1)
        OwnershipFactory(vehicle=s.vehicle, started_on=start, ended_on=start + dt.timedelta(days=300))


def _more_readings(s: Scene, n: int) -> None:
    for i in range(n):
        OdometerReadingFactory(vehicle=s.vehicle, km=1_000 * i)


def _more_events(s: Scene, n: int) -> None:
    for i in range(n):
        event_record(
            vehicle_id=s.vehicle.pk,
            event_type="ODOMETER_RECORDED",
            occurred_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i),
            actor_user_id=None,
            payload={"km": i},
        )


def _more_checkpoints(s: Scene, n: int) -> None:
    for i in range(n):
        event_record(
            vehicle_id=s.vehicle.pk,
            event_type="ODOMETER_RECORDED",
            occurred_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            actor_user_id=None,
            payload={"km": i},
        )
        checkpoint_publish()


def _more_messages(s: Scene, n: int) -> None:
    for i in range(n):
        inbox_post(recipient_id=s.owner.user_id, kind="test", title=f"m{i}")


def _more_tokens(s: Scene, n: int) -> None:
    for i in range(n):
        api_token_create(user=s.owner.user, name=f"t{i}")


def _more_my_consents(s: Scene, n: int) -> None:
    for i in range(n):
        consent_record(
            owner_id=s.owner.pk, purpose="service", granted=i % 2 == 1, channel="portal", recorded_by_id=None
        )


@dataclass(frozen=True)
class ListEndpoint:
    path: str  # OpenAPI path
    caller: str
    grow: Callable[[Scene, int], None]
    baseline: int = 0  # rows visible before growing

    def url(self, s: Scene) -> str:
        return (
            self.path.replace("{store_id}", str(s.store.pk))
            .replace("{customer_id}", str(s.customer.pk))
            .replace("{vehicle_id}", str(s.vehicle.pk))
        )


LISTS = [
    ListEndpoint("/api/v1/stores", "manager", _more_stores, baseline=1),
    ListEndpoint("/api/v1/stores/{store_id}/staff", "manager", _more_staff, baseline=1),
    ListEndpoint("/api/v1/customers", "manager", _more_customers, baseline=1),
    ListEndpoint("/api/v1/customers/{customer_id}/consents", "manager", _more_customer_consents),
    ListEndpoint("/api/v1/vehicles", "manager", _more_vehicles, baseline=1),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/ownerships", "owner", _more_ownerships, baseline=1),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/odometer", "manager", _more_readings),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/history", "owner", _more_events),
    ListEndpoint("/api/v1/inbox", "owner", _more_messages),
    ListEndpoint("/api/v1/auth/tokens", "owner", _more_tokens, baseline=1),
    ListEndpoint("/api/v1/owners/me/consents", "owner", _more_my_consents),
    ListEndpoint("/api/v1/log/checkpoints", "owner", _more_checkpoints),
]


def _get(client: Client, ep: ListEndpoint, s: Scene) -> list[Any]:
    response = client.get(ep.url(s), {"limit": 100}, HTTP_AUTHORIZATION=f"Bearer {s.keys[ep.caller]}")
    assert response.status_code == 200, response.content
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


@pytest.mark.parametrize("ep", LISTS, ids=lambda e: e.path)
def test_query_count_does_not_grow_with_rows(
    ep: ListEndpoint, scene: Scene, client: Client, django_assert_max_num_queries: Any
) -> None:
    ep.grow(scene, 3)
    with CaptureQueriesContext(connection) as few:
        rows = _get(client, ep, scene)
    assert len(rows) == ep.baseline + 3
    ep.grow(scene, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _get(client, ep, scene)
    assert len(rows) == ep.baseline + 30


def test_every_list_endpoint_has_a_query_count_test(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    lists = set()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        ok = get["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        ref = ok.get("$ref", "")
        if ok.get("type") == "array" or ref.split("/")[-1].startswith("Paged"):
            lists.add(path)
    assert lists, "no list endpoints found: the schema shape changed"
    assert lists <= {e.path for e in LISTS}, (
        f"list endpoints without a query-count test: {lists - {e.path for e in LISTS}}"
    )
