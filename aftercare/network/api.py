"""Network endpoints: stores, staff, customers (masked), reveal with audit, consents."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from aftercare.kernel.api import MAX_ID, ObjectId, Page, query_text
from aftercare.kernel.http import actor_of, client_ip
from aftercare.network import errors, selectors, services
from aftercare.network.models import Customer, Staff, Store
from aftercare.network.schemas import (
    AdvisorIn,
    ConsentIn,
    CustomerOut,
    DepartIn,
    DepartOut,
    RevealIn,
    RevealOut,
    StaffOut,
    StoreDetailOut,
    StoreOut,
)
from aftercare.owners import selectors as owner_selectors
from aftercare.owners import services as owner_services
from aftercare.owners.choices import ConsentChannel
from aftercare.owners.schemas import ConsentOut

router = Router()


@router.get("/stores", response=list[StoreOut], summary="Stores in your scope")
@paginate(Page)
def store_list(request: HttpRequest, city: str = "") -> QuerySet[Store]:
    return selectors.store_list(actor=actor_of(request), city=query_text(city, field="city", max_length=32))


@router.get("/stores/{store_id}", response=StoreDetailOut, summary="One store with its bays")
def store_get(request: HttpRequest, store_id: ObjectId) -> Store:
    return selectors.store_get(actor=actor_of(request), store_id=store_id)


@router.get("/stores/{store_id}/staff", response=list[StaffOut], summary="Active staff of a store")
def store_staff(request: HttpRequest, store_id: ObjectId) -> list[Staff]:
    store = selectors.store_get(actor=actor_of(request), store_id=store_id)
    return list(selectors.staff_list(actor=actor_of(request), store_id=store.pk))


@router.get("/staff/{staff_id}", response=StaffOut, summary="One staff member")
def staff_get(request: HttpRequest, staff_id: ObjectId) -> Staff:
    return selectors.staff_get(actor=actor_of(request), staff_id=staff_id)


@router.post(
    "/staff/{staff_id}/depart", response=DepartOut, summary="Record a departure; customers pass to a successor"
)
def staff_depart(request: HttpRequest, staff_id: ObjectId, payload: DepartIn) -> dict[str, Any]:
    staff, moved = services.staff_depart(actor=actor_of(request), staff_id=staff_id, successor_id=payload.successor_id)
    return {"staff": staff, "customers_moved": moved}


@router.get("/customers", response=list[CustomerOut], summary="Your dealer group's customers (masked)")
@paginate(Page)
def customer_list(request: HttpRequest, advisor_id: int | None = Query(None, ge=1, le=MAX_ID)) -> QuerySet[Customer]:  # type: ignore[type-arg]
    return selectors.customer_list(actor=actor_of(request), advisor_id=advisor_id)


@router.get("/customers/{customer_id}", response=CustomerOut, summary="One customer (masked)")
def customer_get(request: HttpRequest, customer_id: ObjectId) -> Customer:
    return selectors.customer_get(actor=actor_of(request), customer_id=customer_id)


@router.post("/customers/{customer_id}/advisor", response=CustomerOut, summary="Hand a customer to another advisor")
def customer_advisor(request: HttpRequest, customer_id: ObjectId, payload: AdvisorIn) -> Customer:
    customer = services.customer_advisor_assign(
        actor=actor_of(request), customer_id=customer_id, advisor_id=payload.advisor_id
    )
    return selectors.customer_get(actor=actor_of(request), customer_id=customer.pk)


@router.post("/customers/{customer_id}/reveal", response=RevealOut, summary="Full personal data (permission + audit)")
def customer_reveal(request: HttpRequest, customer_id: ObjectId, payload: RevealIn) -> dict[str, str]:
    return services.customer_reveal(
        actor=actor_of(request), customer_id=customer_id, reason=payload.reason, ip_address=client_ip(request)
    )


@router.get("/customers/{customer_id}/consents", response=list[ConsentOut], summary="Consent records")
def consent_list(request: HttpRequest, customer_id: ObjectId) -> list[Any]:
    customer = selectors.customer_get(actor=actor_of(request), customer_id=customer_id)
    return list(owner_selectors.consent_list(owner_id=customer.owner_id))


@router.post("/customers/{customer_id}/consents", response={201: ConsentOut}, summary="Record consent given in store")
def consent_record(request: HttpRequest, customer_id: ObjectId, payload: ConsentIn) -> Status[Any]:
    actor = actor_of(request)
    customer = selectors.customer_get(actor=actor, customer_id=customer_id)
    if not actor.can("network.manage_customers"):
        raise errors.permission_missing()
    consent = owner_services.consent_record(
        owner_id=customer.owner_id,
        purpose=payload.purpose,
        granted=payload.granted,
        channel=ConsentChannel.STORE,
        recorded_by_id=actor.user_id,
    )
    return Status(201, consent)
