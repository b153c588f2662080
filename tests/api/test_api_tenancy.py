"""Cross-tenant pairs for every object endpoint of /api/v1.

One multi-tenant world is built per module. For every endpoint in ENDPOINTS, pairs of
(actor of tenant A, object of tenant B) are generated; each answer (status and JSON body) must equal
the answer for an id that does not exist, and write endpoints must leave the database unchanged.
A new object endpoint needs one row in ENDPOINTS (the OpenAPI test fails until it has one).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

import aftercare.appointments.tests.factories as appointments_factories
import aftercare.homecoming.tests.factories as homecoming_factories
import aftercare.inspections.tests.factories as inspections_factories
import aftercare.recalls.tests.factories as recalls_factories
import aftercare.valuation.tests.tenancy as valuation_tenancy
import aftercare.workorders.tests.factories as workorders_factories
from aftercare.accounts.services import api_token_create
from aftercare.network.models import Customer, DealerGroup, Staff
from aftercare.network.tests.factories import DealerGroupFactory, StaffFactory, StoreFactory, actor_of_staff
from aftercare.notifications.models import InboxMessage
from aftercare.notifications.services import inbox_post
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import services
from aftercare.vehicles.models import Ownership
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db

MISSING_ID = 987_654_321
PAIRS_PER_ENDPOINT = 210
MIN_ACTORS = 8
GROUPS = 3
STORES_PER_GROUP = 3
VEHICLES_PER_GROUP = 8


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------


@dataclass
class Who:
    """A login that calls the API: its user, bearer key, and what it legitimately owns."""

    user_id: int
    key: str
    kind: str  # "staff" | "owner" | "operator"
    group_id: int | None = None
    owner_id: int | None = None
    label: str = ""


@dataclass
class World:
    """Three dealer groups with stores, staff of every role, cars and their owners; ids by tenant."""

    groups: list[DealerGroup]
    staff_actors: list[Who]
    owner_actors: list[Who]
    operator: Who
    stores: dict[int, list[int]]  # group id -> store ids
    staff: dict[int, list[int]]  # group id -> staff ids
    advisors: dict[int, list[int]]  # group id -> active advisor ids
    vehicles: dict[int, list[int]]  # group id -> vehicle ids
    customers: dict[int, list[int]]  # group id -> customer ids
    owned_by: dict[int, set[int]]  # owner id -> vehicle ids currently owned
    transferred: list[tuple[int, int, int]]  # (vehicle id, previous owner id, new owner id)
    messages: dict[int, list[int]] = field(default_factory=dict)  # user id -> inbox message ids
    tokens: dict[int, list[int]] = field(default_factory=dict)  # user id -> api token ids
    campaigns: list[int] = field(default_factory=list)  # recall campaign ids (shared by every group)
    vehicle_recalls: dict[int, list[int]] = field(default_factory=dict)  # group id -> vehicle-recall ids
    appointments: dict[str, Any] = field(default_factory=dict)  # by_group, owner_of, own (see appointments_world)
    workorders: dict[str, Any] = field(default_factory=dict)  # by_group, lines_by_group, owner_of… (workorders_world)
    inspections: dict[str, Any] = field(default_factory=dict)  # by_group, owner_of, own (inspections_world)

    def who_of_owner(self, owner_id: int) -> Who:
        return next(w for w in self.owner_actors if w.owner_id == owner_id)


def _token(user_id: int, label: str) -> tuple[str, int]:
    token, key = api_token_create(user=get_user_model().objects.get(pk=user_id), name=f"tenancy {label}")
    return key, token.pk


def _build_world() -> World:
    groups = [DealerGroupFactory() for _ in range(GROUPS)]
    staff_actors: list[Who] = []
    stores: dict[int, list[int]] = {}
    staff: dict[int, list[int]] = {}
    advisors: dict[int, list[int]] = {}
    vehicles: dict[int, list[int]] = {}
    customers: dict[int, list[int]] = {}
    tokens: dict[int, list[int]] = {}
    owned_by: dict[int, set[int]] = {}
    owners_with_login: list[Owner] = []

    for g in groups:
        stores[g.pk], staff[g.pk], advisors[g.pk], vehicles[g.pk] = [], [], [], []
        for _ in range(STORES_PER_GROUP):
            store = StoreFactory(dealer_group=g)
            stores[g.pk].append(store.pk)
            members = [
                StaffFactory(store=store),  # senior advisor: may reveal and transfer
                StaffFactory(store=store, junior=True),  # junior advisor: may not reveal
                StaffFactory(store=store, technician=True),
                StaffFactory(store=store, manager=True),
            ]
            for s in members:
                staff[g.pk].append(s.pk)
                if s.role == "advisor":
                    advisors[g.pk].append(s.pk)
                key, token_id = _token(s.user_id, s.display_name)
                tokens[s.user_id] = [token_id]
                staff_actors.append(Who(s.user_id, key, "staff", group_id=g.pk, label=f"{s.role}/{s.level}"))
        for i in range(VEHICLES_PER_GROUP):
            owner = OwnerFactory(login=i < 4)
            if owner.user_id:
                owners_with_login.append(owner)
            advisor_id = advisors[g.pk][i % len(advisors[g.pk])]
            v = vehicle_with_owner(dealer_group=g, owner=owner, advisor=Staff.objects.get(pk=advisor_id))
            vehicles[g.pk].append(v.pk)
            owned_by.setdefault(owner.pk, set()).add(v.pk)

    # One owner holds cars in two groups (a customer of both).
    for n, g in enumerate(groups):
        other = groups[(n + 1) % GROUPS]
        shared = owners_with_login[4 * ((n + 1) % GROUPS) + 2]
        v = vehicle_with_owner(dealer_group=g, owner=shared)
        vehicles[g.pk].append(v.pk)
        owned_by[shared.pk].add(v.pk)
        assert shared.customers.filter(dealer_group=other).exists()

    # Two cars per group change hands through the real service: the previous owner must lose them.
    transferred: list[tuple[int, int, int]] = []
    for g in groups:
        manager = Staff.objects.filter(dealer_group=g, role="manager").first()
        actor = actor_of_staff(manager)
        for vehicle_id in vehicles[g.pk][:2]:
            previous = Ownership.objects.get(vehicle_id=vehicle_id, ended_on__isnull=True).owner
            buyer = OwnerFactory(login=True)
            owners_with_login.append(buyer)
            services.vehicle_transfer(
                actor=actor,
                vehicle_id=vehicle_id,
                new_owner=services.OwnerInput(phone=buyer.phone, name=buyer.name),
                transferred_on=dt.date(2025, 3, 1),
            )
            owned_by[previous.pk].discard(vehicle_id)
            owned_by.setdefault(buyer.pk, set()).add(vehicle_id)
            transferred.append((vehicle_id, previous.pk, buyer.pk))

    for g in groups:
        customers[g.pk] = list(Customer.objects.filter(dealer_group=g).values_list("pk", flat=True))

    owner_actors = []
    for owner in owners_with_login:
        key, token_id = _token(owner.user_id, owner.name)
        tokens[owner.user_id] = [token_id]
        owner_actors.append(Who(owner.user_id, key, "owner", owner_id=owner.pk, label="owner"))

    op = StaffFactory(operator=True)
    key, token_id = _token(op.user_id, "operator")
    tokens[op.user_id] = [token_id]
    operator = Who(op.user_id, key, "operator", label="operator")

    messages: dict[int, list[int]] = {}
    for who in [*staff_actors, *owner_actors, operator]:
        for n in range(2):
            msg = inbox_post(recipient_id=who.user_id, kind="test", title=f"message {n} for {who.user_id}")
            messages.setdefault(who.user_id, []).append(msg.pk)
    for msg in InboxMessage.objects.exclude(kind="test"):  # transfer notices
        messages.setdefault(msg.recipient_id, []).append(msg.pk)

    # Recalls sit above vehicles in the layers, so their world builder is looked up by name.
    campaigns, vehicle_recalls = recalls_factories.recall_world(vehicles)
    # Homecoming too: every store participates, every car but the last of each group is enrolled.
    homecoming_factories.homecoming_world(vehicles, stores)
    appointments = appointments_factories.appointments_world(vehicles, stores)
    workorders = workorders_factories.workorders_world(vehicles, stores)
    inspections = inspections_factories.inspections_world(vehicles, stores)
    return World(
        groups=groups,
        staff_actors=staff_actors,
        owner_actors=owner_actors,
        operator=operator,
        stores=stores,
        staff=staff,
        advisors=advisors,
        vehicles=vehicles,
        customers=customers,
        owned_by=owned_by,
        transferred=transferred,
        messages=messages,
        tokens=tokens,
        campaigns=campaigns,
        vehicle_recalls=vehicle_recalls,
        appointments=appointments,
        workorders=workorders,
        inspections=inspections,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --------------------------------------------------------------------------------------------
# The endpoint table
# --------------------------------------------------------------------------------------------

Pair = tuple[Who, int, str]  # (actor, foreign object id, why it is foreign)


def _vehicle_pairs(w: World) -> list[Pair]:
    pairs: list[Pair] = []
    for vehicle_id, previous, _new in w.transferred:
        pairs.append((w.who_of_owner(previous), vehicle_id, "previous owner vs transferred car"))
    for who in w.staff_actors:
        for g, ids in w.vehicles.items():
            if g != who.group_id:
                pairs += [(who, v, "staff of another group") for v in ids]
    all_vehicles = [v for ids in w.vehicles.values() for v in ids]
    for who in w.owner_actors:
        mine = w.owned_by.get(who.owner_id or 0, set())
        pairs += [(who, v, "owner vs another owner's car") for v in all_vehicles if v not in mine]
    return pairs


def _group_pairs(w: World, objects: dict[int, list[int]], owners_too: bool) -> list[Pair]:
    pairs: list[Pair] = []
    for who in w.staff_actors:
        for g, ids in objects.items():
            if g != who.group_id:
                pairs += [(who, o, "staff of another group") for o in ids]
    if owners_too:
        everything = [o for ids in objects.values() for o in ids]
        pairs += [(who, o, "owner vs dealer object") for who in w.owner_actors for o in everything]
    return pairs


def _store_pairs(w: World) -> list[Pair]:
    return _group_pairs(w, w.stores, owners_too=True)


def _staff_pairs(w: World) -> list[Pair]:
    return _group_pairs(w, w.staff, owners_too=True)


def _customer_pairs(w: World) -> list[Pair]:
    return _group_pairs(w, w.customers, owners_too=True)


def _per_user_pairs(w: World, objects: dict[int, list[int]]) -> list[Pair]:
    everyone = [*w.staff_actors, *w.owner_actors, w.operator]
    pairs: list[Pair] = []
    for who in everyone:
        for user_id, ids in objects.items():
            if user_id != who.user_id:
                pairs += [(who, o, "another user's") for o in ids]
    return pairs


def _message_pairs(w: World) -> list[Pair]:
    return _per_user_pairs(w, w.messages)


def _token_pairs(w: World) -> list[Pair]:
    return _per_user_pairs(w, w.tokens)


def _own_vehicle(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    return manager, w.vehicles[manager.group_id or 0][-1]


def _own_customer(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    return manager, w.customers[manager.group_id or 0][-1]


def _own_store(w: World) -> tuple[Who, int]:
    who = w.staff_actors[0]
    return who, w.stores[who.group_id or 0][0]


def _own_staff(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    technician = next(
        s
        for s in w.staff[manager.group_id or 0]
        if Staff.objects.filter(pk=s, role="technician").exists()  # no customers to hand over
    )
    return manager, technician


def _own_message(w: World) -> tuple[Who, int]:
    who = w.owner_actors[0]
    return who, w.messages[who.user_id][0]


def _campaign_pairs(w: World) -> list[Pair]:
    # Campaigns are published data every staff member may read; owners may not.
    return [(who, c, "owner vs campaign") for who in w.owner_actors for c in w.campaigns]


def _own_campaign(w: World) -> tuple[Who, int]:
    return w.staff_actors[0], w.campaigns[0]


def _vehicle_recall_pairs(w: World) -> list[Pair]:
    return _group_pairs(w, w.vehicle_recalls, owners_too=True)


def _pairs_of(area: str, objects: str = "by_group", owners: str = "owner_of") -> Callable[[World], list[Pair]]:
    """Objects of `area` (appointments, work orders or their lines, inspections) of other groups for staff;
    another owner's for owners."""

    def pairs(w: World) -> list[Pair]:
        table = getattr(w, area)
        found = _group_pairs(w, table[objects], owners_too=False)
        for who in w.owner_actors:
            found += [
                (who, o, f"owner vs another owner's {area}") for o, x in table[owners].items() if x != who.owner_id
            ]
        return found

    return pairs


def _own_of(area: str, purpose: str) -> Callable[[World], tuple[Who, int]]:
    """A manager and an object of `area` of the manager's own group, prepared for `purpose`."""

    def own(w: World) -> tuple[Who, int]:
        manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
        return manager, getattr(w, area)["own"][manager.group_id][purpose]

    return own


_appointment_pairs = _pairs_of("appointments")
_work_order_pairs = _pairs_of("workorders")
_work_order_line_pairs = _pairs_of("workorders", "lines_by_group", "line_owner_of")
_inspection_pairs = _pairs_of("inspections")


def _own_appointment(purpose: str) -> Callable[[World], tuple[Who, int]]:
    return _own_of("appointments", purpose)


def _own_work_order(purpose: str) -> Callable[[World], tuple[Who, int]]:
    return _own_of("workorders", purpose)


def _own_rating(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    mine = w.workorders["own"][manager.group_id]
    return w.who_of_owner(mine["delivered_owner"]), mine["delivered"]


def _own_vehicle_recall(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    return manager, w.vehicle_recalls[manager.group_id or 0][-1]


def _own_enrolled_vehicle(w: World) -> tuple[Who, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    return manager, w.vehicles[manager.group_id or 0][2]


def _own_inspection(purpose: str) -> Callable[[World], tuple[Who, int]]:
    def own(w: World) -> tuple[Who, int]:
        manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
        group = manager.group_id or 0
        if purpose == "ready":
            ready = inspections_factories.inspection_ready_to_complete
            return manager, ready(group, w.vehicles[group][-1])
        return manager, w.inspections["own"][group][purpose]

    return own


def _own_token(w: World) -> tuple[Who, int]:
    who = w.owner_actors[0]
    _key, token_id = _token(who.user_id, "to revoke")
    return who, token_id


def _transfer_body(w: World, who: Who) -> dict[str, Any]:
    return {"new_owner": {"phone": "13900001111", "name": "王五"}, "transferred_on": "2025-06-01"}


def _advisor_body(w: World, who: Who) -> dict[str, Any]:
    # An advisor of the caller's own group, so a leak would succeed rather than fail on the advisor.
    group = who.group_id or w.groups[0].pk
    return {"advisor_id": w.advisors[group][-1]}


@dataclass(frozen=True)
class Endpoint:
    """One object endpoint: how to call it, which pairs to try, and one legitimate call."""

    method: str
    path: str  # as in the OpenAPI schema, with one {..._id} parameter
    pairs: Callable[[World], list[Pair]]
    own: Callable[[World], tuple[Who, int]]
    body: Callable[[World, Who], dict[str, Any] | None] = lambda w, who: None
    ok_status: int = 200

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def url(self, object_id: int) -> str:
        return re.sub(r"\{\w+_id\}", str(object_id), self.path)


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/workorders/{work_order_id}", _work_order_pairs, _own_work_order("estimated")),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/transitions",
        _work_order_pairs,
        _own_work_order("checked_in"),
        lambda w, who: {"to_state": "diagnosing"},
    ),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/lines",
        _work_order_pairs,
        _own_work_order("checked_in"),
        lambda w, who: {
            "kind": "labour",
            "job_type_id": workorders_factories.job("brake_service").pk,
            "description": "检查刹车",
            "hours": "0.5",
            "technician_level": "junior",
        },
        ok_status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/workorder-lines/{line_id}/decision",
        _work_order_line_pairs,
        _own_work_order("pending_line"),
        lambda w, who: {"decision": "approved", "channel": "phone"},
    ),
    Endpoint(
        "DELETE",
        "/api/v1/workorder-lines/{line_id}",
        _work_order_line_pairs,
        _own_work_order("removable_line"),
        ok_status=204,
    ),
    Endpoint("GET", "/api/v1/workorders/{work_order_id}/progress", _work_order_pairs, _own_work_order("estimated")),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/progress",
        _work_order_pairs,
        _own_work_order("checked_in"),
        lambda w, who: {"text": "已上举升机检查"},
        ok_status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/quality-check",
        _work_order_pairs,
        _own_work_order("quality_check"),
        lambda w, who: {"passed": True},
    ),
    Endpoint("GET", "/api/v1/workorders/{work_order_id}/invoice", _work_order_pairs, _own_work_order("invoiced")),
    Endpoint(
        "POST", "/api/v1/workorders/{work_order_id}/invoice", _work_order_pairs, _own_work_order("ready"), ok_status=201
    ),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/delivery",
        _work_order_pairs,
        _own_work_order("ready"),
        lambda w, who: {"steps": ["cleanliness", "items_done"]},
    ),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/payments",
        _work_order_pairs,
        _own_work_order("invoiced"),
        lambda w, who: {"channel": "wechat", "idempotency_key": f"tenancy-{who.user_id}"},
        ok_status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/workorders/{work_order_id}/rating",
        _work_order_pairs,
        _own_rating,
        lambda w, who: {"stars": 5, "comment": "很好"},
    ),
    Endpoint("GET", "/api/v1/workorders/{work_order_id}/activity", _work_order_pairs, _own_work_order("estimated")),
    Endpoint("GET", "/api/v1/appointments/{appointment_id}", _appointment_pairs, _own_appointment("get")),
    Endpoint(
        "POST",
        "/api/v1/appointments/{appointment_id}/reschedule",
        _appointment_pairs,
        _own_appointment("reschedule"),
        lambda w, who: {"starts_at": w.appointments["reschedule_to"]},
    ),
    Endpoint(
        "POST",
        "/api/v1/appointments/{appointment_id}/cancel",
        _appointment_pairs,
        _own_appointment("cancel"),
        lambda w, who: {"reason": "cross-tenant probe"},
    ),
    Endpoint("POST", "/api/v1/appointments/{appointment_id}/no-show", _appointment_pairs, _own_appointment("no_show")),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}", _vehicle_pairs, _own_vehicle),
    Endpoint(
        "POST", "/api/v1/vehicles/{vehicle_id}/transfer", _vehicle_pairs, _own_vehicle, _transfer_body, ok_status=201
    ),
    Endpoint(
        "PUT",
        "/api/v1/vehicles/{vehicle_id}/specification",
        _vehicle_pairs,
        _own_vehicle,
        lambda w, who: {"fuel_type": "diesel", "transmission": "manual", "displacement_l": "2.0"},
    ),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/ownerships", _vehicle_pairs, _own_vehicle),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/odometer", _vehicle_pairs, _own_vehicle),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/odometer",
        _vehicle_pairs,
        _own_vehicle,
        lambda w, who: {"km": 123_456, "note": "cross-tenant probe"},
        ok_status=201,
    ),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/history", _vehicle_pairs, _own_vehicle),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/log", _vehicle_pairs, _own_vehicle),
    Endpoint("GET", "/api/v1/stores/{store_id}", _store_pairs, _own_store),
    Endpoint("GET", "/api/v1/stores/{store_id}/staff", _store_pairs, _own_store),
    Endpoint("GET", "/api/v1/staff/{staff_id}", _staff_pairs, _own_staff),
    Endpoint("POST", "/api/v1/staff/{staff_id}/depart", _staff_pairs, _own_staff, lambda w, who: {}),
    Endpoint("GET", "/api/v1/customers/{customer_id}", _customer_pairs, _own_customer),
    Endpoint("POST", "/api/v1/customers/{customer_id}/advisor", _customer_pairs, _own_customer, _advisor_body),
    Endpoint(
        "POST",
        "/api/v1/customers/{customer_id}/reveal",
        _customer_pairs,
        _own_customer,
        lambda w, who: {"reason": "customer called about a recall"},
    ),
    Endpoint("GET", "/api/v1/customers/{customer_id}/consents", _customer_pairs, _own_customer),
    Endpoint(
        "POST",
        "/api/v1/customers/{customer_id}/consents",
        _customer_pairs,
        _own_customer,
        lambda w, who: {"purpose": "marketing", "granted": True},
        ok_status=201,
    ),
    Endpoint("POST", "/api/v1/inbox/{message_id}/read", _message_pairs, _own_message),
    Endpoint("DELETE", "/api/v1/auth/tokens/{token_id}", _token_pairs, _own_token, ok_status=204),
    Endpoint("GET", "/api/v1/recalls/campaigns/{campaign_id}", _campaign_pairs, _own_campaign),
    Endpoint("GET", "/api/v1/recalls/campaigns/{campaign_id}/vehicles", _campaign_pairs, _own_campaign),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/recalls", _vehicle_pairs, _own_vehicle),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/enrolments",
        _vehicle_pairs,
        _own_vehicle,
        lambda w, who: homecoming_factories.enrol_api_body(),
        ok_status=201,
    ),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/enrolments", _vehicle_pairs, _own_enrolled_vehicle),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/wallet", _vehicle_pairs, _own_enrolled_vehicle),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/wallet/redeem",
        _vehicle_pairs,
        _own_enrolled_vehicle,
        lambda w, who: {"benefit": "health_check", "reference": "WO-PROBE-2"},
    ),
    Endpoint(
        "POST",
        "/api/v1/recalls/vehicle-recalls/{vehicle_recall_id}/complete",
        _vehicle_recall_pairs,
        _own_vehicle_recall,
        lambda w, who: {"work_order_ref": "WO-PROBE-1", "note": "cross-tenant probe"},
    ),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/inspections", _vehicle_pairs, _own_vehicle),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/inspections",
        _vehicle_pairs,
        _own_vehicle,
        lambda w, who: {"template": "health76", "odometer_km": 88_000},
        ok_status=201,
    ),
    Endpoint("GET", "/api/v1/vehicles/{vehicle_id}/findings", _vehicle_pairs, _own_vehicle),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/trouble-codes",
        _vehicle_pairs,
        _own_vehicle,
        lambda w, who: {"codes": ["P0301"]},
        ok_status=201,
    ),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}", _inspection_pairs, _own_inspection("done")),
    Endpoint(
        "POST",
        "/api/v1/inspections/{inspection_id}/results",
        _inspection_pairs,
        _own_inspection("open"),
        lambda w, who: {"item_code": "DT01", "verdict": "attention", "note": "cross-tenant probe"},
    ),
    Endpoint(
        "POST",
        "/api/v1/inspections/{inspection_id}/complete",
        _inspection_pairs,
        _own_inspection("ready"),
        lambda w, who: {},
    ),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}/report", _inspection_pairs, _own_inspection("done")),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}/report.pdf", _inspection_pairs, _own_inspection("done")),
    Endpoint(
        "GET",
        "/api/v1/vehicles/{vehicle_id}/valuation",
        _vehicle_pairs,
        lambda w: valuation_tenancy.own_priced_vehicle(w),
    ),
    Endpoint(
        "POST",
        "/api/v1/vehicles/{vehicle_id}/offers",
        _vehicle_pairs,
        lambda w: valuation_tenancy.own_priced_vehicle(w),
        ok_status=201,
    ),
    Endpoint(
        "GET",
        "/api/v1/offers/{offer_id}",
        lambda w: valuation_tenancy.offer_pairs(w),
        lambda w: valuation_tenancy.own_offer(w),
    ),
]


def _endpoint_id(ep: Endpoint) -> str:
    return f"{ep.method} {ep.path}"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _call(client: Client, ep: Endpoint, who: Who, object_id: int, body: dict[str, Any] | None) -> tuple[int, Any]:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {who.key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    response = client.generic(ep.method, ep.url(object_id), **kwargs)
    content = response.content
    if response.headers.get("Content-Type", "").startswith("application/pdf"):
        return response.status_code, {"pdf": content[:5].decode()}
    return response.status_code, json.loads(content) if content else None


def pairs_for(ep: Endpoint, w: World) -> list[Pair]:
    """Generated pairs, thinned deterministically to keep the run fast.

    Every previous-owner pair is kept. The rest come from at least MIN_ACTORS callers taken in turn
    across kinds (senior/junior advisor, technician, manager, owner …), up to PER_ACTOR objects each,
    so few missing-id reference calls are needed while every kind of caller is tried.
    """
    pairs = ep.pairs(w)
    chosen = [p for p in pairs if p[2].startswith("previous owner")]
    by_actor: dict[int, list[Pair]] = {}
    for p in pairs:
        if p not in chosen:
            by_actor.setdefault(p[0].user_id, []).append(p)
    rng = random.Random(_endpoint_id(ep))
    by_label: dict[str, list[int]] = {}
    for user_id in sorted(by_actor):
        by_label.setdefault(by_actor[user_id][0][0].label, []).append(user_id)
    queues = [rng.sample(ids, len(ids)) for _, ids in sorted(by_label.items())]
    order = [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]
    per_actor = -(-PAIRS_PER_ENDPOINT // MIN_ACTORS)
    for user_id in order:
        if len(chosen) >= PAIRS_PER_ENDPOINT:
            break
        mine = by_actor[user_id]
        chosen += rng.sample(mine, min(len(mine), per_actor, PAIRS_PER_ENDPOINT - len(chosen)))
    return chosen


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ep", ENDPOINTS, ids=_endpoint_id)
def test_foreign_object_answers_exactly_like_a_missing_one(
    ep: Endpoint, world: World, client: Client, fingerprint: Callable[[], Any]
) -> None:
    pairs = pairs_for(ep, world)
    assert len(pairs) >= 200, f"only {len(pairs)} cross-tenant pairs for {_endpoint_id(ep)}"
    before = fingerprint() if ep.writes else None
    missing: dict[int, tuple[int, Any]] = {}
    mismatches: list[str] = []
    for who, object_id, why in pairs:
        body = ep.body(world, who)
        if who.user_id not in missing:
            missing[who.user_id] = _call(client, ep, who, MISSING_ID, body)
        got = _call(client, ep, who, object_id, body)
        if got != missing[who.user_id]:
            mismatches.append(f"{who.label} {who.user_id} -> {object_id} ({why}): {got} != {missing[who.user_id]}")
    assert not mismatches, f"{len(mismatches)} of {len(pairs)} pairs leak:\n" + "\n".join(mismatches[:10])
    # The missing-id answers are real refusals (404, or 403 for callers without the permission).
    assert {status for status, _ in missing.values()} <= {403, 404}
    assert any(status == 404 for status, _ in missing.values())
    if before is not None:
        assert fingerprint() == before, "a cross-tenant write changed the database"


@pytest.mark.parametrize("ep", ENDPOINTS, ids=_endpoint_id)
def test_the_same_call_on_an_own_object_works(ep: Endpoint, world: World, client: Client) -> None:
    """Control: the payloads above are valid, so the refusals come from scoping, not from bad input."""
    who, object_id = ep.own(world)
    status, body = _call(client, ep, who, object_id, ep.body(world, who))
    assert status == ep.ok_status, body


def test_pair_counts_per_endpoint_are_reported(world: World) -> None:
    counts = {_endpoint_id(ep): len(pairs_for(ep, world)) for ep in ENDPOINTS}
    assert min(counts.values()) >= 200, counts


def test_previous_owner_loses_the_car_but_the_new_owner_has_it(world: World, client: Client) -> None:
    ep = next(e for e in ENDPOINTS if (e.method, e.path) == ("GET", "/api/v1/vehicles/{vehicle_id}"))
    for vehicle_id, previous, new in world.transferred:
        old_status, _ = _call(client, ep, world.who_of_owner(previous), vehicle_id, None)
        new_status, body = _call(client, ep, world.who_of_owner(new), vehicle_id, None)
        assert (old_status, new_status) == (404, 200)
        assert body["current_owner"]["owner_id"] == new


def test_operator_sees_every_group(world: World, client: Client) -> None:
    ep = next(e for e in ENDPOINTS if (e.method, e.path) == ("GET", "/api/v1/vehicles/{vehicle_id}"))
    for ids in world.vehicles.values():
        status, _ = _call(client, ep, world.operator, ids[0], None)
        assert status == 200


def test_every_object_endpoint_in_the_schema_is_in_the_table(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    covered = {(ep.method, ep.path) for ep in ENDPOINTS}
    missing = [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        if re.search(r"\{\w+_id\}", path)
        for method in operations
        if (method.upper(), path) not in covered
    ]
    assert not missing, f"object endpoints without cross-tenant pairs: {missing}"
    assert covered <= {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}, "stale table rows"
