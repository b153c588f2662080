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
from django.utils import timezone

from aftercare.accounts.services import api_token_create
from aftercare.appointments.defaults import SERVICE_TYPES
from aftercare.appointments.models import Appointment
from aftercare.appointments.services import service_types_seed
from aftercare.appointments.tests.factories import (
    ServiceTypeFactory,
    Shop,
    booking,
    local,
    open_day,
    service_type,
    shop,
    skill_ensure,
)
from aftercare.history.services import checkpoint_publish, event_record
from aftercare.homecoming.tests.factories import enrol, licence_for
from aftercare.inspections import services as inspections
from aftercare.inspections.choices import FindingStatus, Verdict
from aftercare.inspections.models import Finding
from aftercare.inspections.tests.factories import HEALTH
from aftercare.network.tests.factories import (
    CustomerFactory,
    ServiceBayFactory,
    SkillFactory,
    StaffFactory,
    StoreFactory,
    actor_of_staff,
)
from aftercare.notifications.services import inbox_post
from aftercare.owners.services import consent_record
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.recalls.tests.factories import CampaignFactory, VehicleRecallFactory
from aftercare.vehicles.models import VehicleLicence
from aftercare.vehicles.tests.factories import OdometerReadingFactory, OwnershipFactory, vehicle_with_owner
from aftercare.workorders import services as workorders
from aftercare.workorders.tests.factories import check_in_data

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
    # made on first use by the grow functions that need them (see the helpers below)
    work_order: Any = None  # the car, walked in by the manager
    campaign: Any = None  # a recall campaign
    technician: Any = None  # a technician of the store


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


# -- work orders, recalls, inspections, bookings, Homecoming ------------------------------------


def _work_order(s: Scene) -> Any:
    """The scene's car, walked in by the manager (once)."""
    if s.work_order is None:
        s.work_order = workorders.work_order_walk_in(
            actor=actor_of_staff(s.manager), vehicle_id=s.vehicle.pk, data=check_in_data()
        )
    return s.work_order


def _campaign(s: Scene) -> Any:
    if s.campaign is None:
        s.campaign = CampaignFactory()
    return s.campaign


def _technician(s: Scene) -> Any:
    if s.technician is None:
        s.technician = StaffFactory(store=s.store, technician=True, level="senior")
    return s.technician


def _more_work_orders(s: Scene, n: int) -> None:
    for _ in range(n):
        v = vehicle_with_owner(dealer_group=s.store.dealer_group, advisor=s.manager)
        workorders.work_order_walk_in(actor=actor_of_staff(s.manager), vehicle_id=v.pk, data=check_in_data())


def _more_progress(s: Scene, n: int) -> None:
    wo = _work_order(s)
    for i in range(n):
        workorders.progress_post(
            actor=actor_of_staff(s.manager), work_order_id=wo.pk, data=workorders.ProgressInput(text=f"p{i}")
        )


def _more_activity(s: Scene, n: int) -> None:
    _more_progress(s, n)  # every progress post is one entry of the activity log


def _more_campaigns(s: Scene, n: int) -> None:
    for _ in range(n):
        CampaignFactory()


def _more_campaign_vehicles(s: Scene, n: int) -> None:
    campaign = _campaign(s)
    for _ in range(n):
        VehicleRecallFactory(vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group), campaign=campaign)


def _more_vehicle_recalls(s: Scene, n: int) -> None:
    for _ in range(n):
        VehicleRecallFactory(vehicle=s.vehicle)


def _inspect(s: Scene, attention: int = 0) -> None:
    """A completed health check of the car: the first `attention` items need attention, the rest are ok."""
    actor = actor_of_staff(_technician(s))
    inspection = inspections.inspection_start(actor=actor, vehicle_id=s.vehicle.pk, template_code=HEALTH)
    results = inspection.results.order_by("item__position", "id")
    inspection.results.update(verdict=Verdict.OK)
    inspection.results.filter(pk__in=[r.pk for r in results[:attention]]).update(verdict=Verdict.ATTENTION)
    inspections.inspection_complete(actor=actor, inspection_id=inspection.pk)


def _more_inspections(s: Scene, n: int) -> None:
    for _ in range(n):
        _inspect(s)


def _more_findings(s: Scene, n: int) -> None:
    open_now = Finding.objects.filter(vehicle=s.vehicle, status=FindingStatus.OPEN).count()
    _inspect(s, attention=open_now + n)  # the open findings stay open (still attention), n more open


def _more_service_types(s: Scene, n: int) -> None:
    service_types_seed()  # the baseline (a transactional test elsewhere may have flushed the seeded rows)
    for _ in range(n):
        ServiceTypeFactory()


def _more_bookable_stores(s: Scene, n: int) -> None:
    for _ in range(n):
        shop(store=StoreFactory(dealer_group=s.store.dealer_group))


def _slot_query(s: Scene) -> dict[str, Any]:
    day = open_day()
    return {
        "latitude": s.store.latitude,
        "longitude": s.store.longitude,
        "date_from": day,
        "date_to": day,
        "service_type_id": service_type("oil-service").pk,
        "limit": 20,
    }


def _more_appointments(s: Scene, n: int) -> None:
    bay = s.store.bays.first() or ServiceBayFactory(store=s.store, skills=[skill_ensure("general")])
    desk = Shop(s.store, [bay], [_technician(s)], s.manager, s.owner, s.vehicle)
    start = local(open_day(), 0) + dt.timedelta(hours=Appointment.objects.filter(store=s.store).count())
    for i in range(n):  # an hour apart: one bay and one technician never overlap
        booking(desk, start + dt.timedelta(hours=i))


def _more_enrolments(s: Scene, n: int) -> None:
    if not VehicleLicence.objects.filter(vehicle=s.vehicle).exists():
        licence_for(s.vehicle)
    for _ in range(n):  # held since today: refused (held too short), so the owner may apply again
        enrol(s.vehicle, held_since=timezone.localdate())


@dataclass(frozen=True)
class ListEndpoint:
    path: str  # OpenAPI path
    caller: str
    grow: Callable[[Scene, int], None]
    baseline: int = 0  # rows visible before growing
    params: Callable[[Scene], dict[str, Any]] | None = None  # required query parameters
    most: int | None = None  # the endpoint never returns more rows than this

    def url(self, s: Scene) -> str:
        return self.path.format(
            store_id=s.store.pk,
            customer_id=s.customer.pk,
            vehicle_id=s.vehicle.pk,
            work_order_id=s.work_order and s.work_order.pk,
            campaign_id=s.campaign and s.campaign.pk,
        )

    def rows(self, n: int) -> int:
        """How many rows the caller should see after growing n."""
        seen = self.baseline + n
        return seen if self.most is None else min(seen, self.most)


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
    ListEndpoint("/api/v1/workorders", "manager", _more_work_orders),
    ListEndpoint("/api/v1/workorders/{work_order_id}/progress", "owner", _more_progress),
    # the walk-in logs: created, checked in, moved to checked_in
    ListEndpoint("/api/v1/workorders/{work_order_id}/activity", "manager", _more_activity, baseline=3),
    ListEndpoint("/api/v1/recalls/campaigns", "manager", _more_campaigns),
    ListEndpoint("/api/v1/recalls/campaigns/{campaign_id}/vehicles", "manager", _more_campaign_vehicles),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/recalls", "owner", _more_vehicle_recalls),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/inspections", "owner", _more_inspections),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/findings", "manager", _more_findings),
    ListEndpoint("/api/v1/service-types", "owner", _more_service_types, baseline=len(SERVICE_TYPES)),
    ListEndpoint("/api/v1/appointments/slots", "manager", _more_bookable_stores, params=_slot_query, most=20),
    ListEndpoint("/api/v1/appointments", "manager", _more_appointments),
    ListEndpoint("/api/v1/vehicles/{vehicle_id}/enrolments", "owner", _more_enrolments),
]


def _get(client: Client, ep: ListEndpoint, s: Scene) -> list[Any]:
    query = {"limit": 100} | (ep.params(s) if ep.params else {})
    response = client.get(ep.url(s), query, HTTP_AUTHORIZATION=f"Bearer {s.keys[ep.caller]}")
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
    assert len(rows) == ep.rows(3)
    ep.grow(scene, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _get(client, ep, scene)
    assert len(rows) == ep.rows(30)


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
