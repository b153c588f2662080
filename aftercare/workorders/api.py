"""Work-order endpoints: parse → authorize → one service or selector → schema. Photos and videos are uploaded
through the tablet pages; the API carries everything else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from aftercare.kernel.api import MAX_ID, ObjectId, Page
from aftercare.kernel.http import actor_of
from aftercare.workorders import selectors, services
from aftercare.workorders.invoicing import invoice_view
from aftercare.workorders.models import Activity, EstimateLine, ProgressPost, WorkOrder
from aftercare.workorders.schemas import (
    ActivityOut,
    DecisionIn,
    DeliveryIn,
    InvoiceOut,
    LineIn,
    LineOut,
    PaymentIn,
    PaymentOut,
    ProgressIn,
    ProgressOut,
    QualityCheckIn,
    RatingIn,
    TransitionIn,
    WalkInIn,
    WorkOrderDetailOut,
    WorkOrderOut,
)

router = Router()


def _detail(request: HttpRequest, work_order_id: int) -> WorkOrder:
    """The work order with what the detail schema adds: the actor's next states and the guarantee end."""
    actor = actor_of(request)
    wo = selectors.work_order_get(actor=actor, work_order_id=work_order_id)
    end = services.guarantee_of(wo)
    wo.next_states = [t.to_state for t in selectors.transitions_for(actor=actor, work_order=wo)]  # type: ignore[attr-defined]
    wo.guarantee_until = end.until if end else None  # type: ignore[attr-defined]
    wo.guarantee_until_km = end.until_km if end else None  # type: ignore[attr-defined]
    return wo


@router.get("/workorders", response=list[WorkOrderOut], summary="Work orders in scope (filter by status, store, car)")
@paginate(Page)
def work_order_list(
    request: HttpRequest, status: str = "", store_id: int | None = None, vehicle_id: int | None = None
) -> QuerySet[WorkOrder]:
    bounded = {
        k: v if v is None or 0 < v <= MAX_ID else 0 for k, v in (("store_id", store_id), ("vehicle_id", vehicle_id))
    }
    return selectors.work_order_list(actor=actor_of(request), status=status[:16], **bounded)


@router.post("/workorders", response={201: WorkOrderDetailOut}, summary="Check in a car that came without a booking")
def work_order_walk_in(request: HttpRequest, payload: WalkInIn) -> Status[WorkOrder]:
    wo = services.work_order_walk_in(
        actor=actor_of(request),
        vehicle_id=payload.vehicle_id,
        data=services.CheckInInput(
            odometer_km=payload.odometer_km,
            fuel_level=payload.fuel_level,
            concerns=payload.concerns,
            job_type_id=payload.job_type_id,
        ),
    )
    return Status(201, _detail(request, wo.pk))


@router.get("/workorders/{work_order_id}", response=WorkOrderDetailOut, summary="One work order with its lines")
def work_order_get(request: HttpRequest, work_order_id: ObjectId) -> WorkOrder:
    return _detail(request, work_order_id)


@router.post("/workorders/{work_order_id}/transitions", response=WorkOrderDetailOut, summary="Move to another state")
def work_order_transition(request: HttpRequest, work_order_id: ObjectId, payload: TransitionIn) -> WorkOrder:
    services.work_order_transition(
        actor=actor_of(request), work_order_id=work_order_id, to_state=payload.to_state, note=payload.note
    )
    return _detail(request, work_order_id)


@router.post("/workorders/{work_order_id}/lines", response={201: LineOut}, summary="Add an estimate line")
def line_add(request: HttpRequest, work_order_id: ObjectId, payload: LineIn) -> Status[EstimateLine]:
    line = services.estimate_line_add(
        actor=actor_of(request), work_order_id=work_order_id, data=services.LineInput(**payload.dict())
    )
    return Status(201, line)


@router.post("/workorder-lines/{line_id}/decision", response=LineOut, summary="Approve or decline one line")
def line_decide(request: HttpRequest, line_id: ObjectId, payload: DecisionIn) -> EstimateLine:
    return services.line_decide(
        actor=actor_of(request), line_id=line_id, decision=payload.decision, channel=payload.channel
    )


@router.delete("/workorder-lines/{line_id}", response={204: None}, summary="Remove a line not decided yet")
def line_remove(request: HttpRequest, line_id: ObjectId) -> Status[None]:
    services.estimate_line_remove(actor=actor_of(request), line_id=line_id)
    return Status(204, None)


@router.get("/workorders/{work_order_id}/progress", response=list[ProgressOut], summary="The repair timeline")
def progress_list(request: HttpRequest, work_order_id: ObjectId) -> list[ProgressPost]:
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    return list(selectors.progress_list(work_order=wo))


@router.post("/workorders/{work_order_id}/progress", response={201: ProgressOut}, summary="Post progress (text)")
def progress_post(request: HttpRequest, work_order_id: ObjectId, payload: ProgressIn) -> Status[ProgressPost]:
    post = services.progress_post(
        actor=actor_of(request), work_order_id=work_order_id, data=services.ProgressInput(**payload.dict())
    )
    return Status(201, post)


@router.post("/workorders/{work_order_id}/quality-check", response=WorkOrderDetailOut, summary="Record the QC")
def quality_check(request: HttpRequest, work_order_id: ObjectId, payload: QualityCheckIn) -> WorkOrder:
    services.quality_check_record(
        actor=actor_of(request), work_order_id=work_order_id, passed=payload.passed, notes=payload.notes
    )
    return _detail(request, work_order_id)


def _invoice(request: HttpRequest, work_order_id: int) -> dict[str, Any]:
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    view = invoice_view(work_order=wo)
    return {
        "issued": view.issued,
        "number": view.number,
        "issued_at": view.issued_at,
        "lines": view.lines,
        "labour_amount": view.labour_amount,
        "parts_amount": view.parts_amount,
        "discount_total": view.discount_total,
        "net_total": view.net_total,
        "tax_total": view.tax_total,
        "total": view.total,
        "total_in_words": view.total_in_words,
        "paid": view.paid,
    }


@router.get("/workorders/{work_order_id}/invoice", response=InvoiceOut, summary="The invoice, or its live preview")
def invoice_get(request: HttpRequest, work_order_id: ObjectId) -> dict[str, Any]:
    return _invoice(request, work_order_id)


@router.post("/workorders/{work_order_id}/invoice", response={201: InvoiceOut}, summary="Issue the invoice")
def invoice_issue(request: HttpRequest, work_order_id: ObjectId) -> Status[dict[str, Any]]:
    services.invoice_issue(actor=actor_of(request), work_order_id=work_order_id)
    return Status(201, _invoice(request, work_order_id))


@router.post("/workorders/{work_order_id}/delivery", response=WorkOrderDetailOut, summary="Confirm delivery steps")
def delivery_confirm(request: HttpRequest, work_order_id: ObjectId, payload: DeliveryIn) -> WorkOrder:
    services.delivery_confirm(
        actor=actor_of(request),
        work_order_id=work_order_id,
        steps=payload.steps,
        old_parts_disposal=payload.old_parts_disposal,
        next_service_date=payload.next_service_date,
        next_service_km=payload.next_service_km,
    )
    return _detail(request, work_order_id)


@router.post(
    "/workorders/{work_order_id}/payments",
    response={200: PaymentOut, 201: PaymentOut},
    summary="Request payment of the invoice (idempotent: the same key replays, answering 200)",
)
def payment_request(request: HttpRequest, work_order_id: ObjectId, payload: PaymentIn) -> Status[dict[str, Any]]:
    result = services.work_order_payment_request(
        actor=actor_of(request),
        work_order_id=work_order_id,
        channel=payload.channel,
        idempotency_key=payload.idempotency_key,
    )
    p = result.payment
    body = {
        "id": p.pk,
        "status": p.status,
        "amount": p.amount,
        "channel": p.channel,
        "checkout_url": p.checkout_url,
        "replayed": result.replayed,
    }
    return Status(200 if result.replayed else 201, body)


@router.post("/workorders/{work_order_id}/rating", response=WorkOrderOut, summary="The owner rates the visit")
def rating(request: HttpRequest, work_order_id: ObjectId, payload: RatingIn) -> WorkOrder:
    return services.work_order_rate(
        actor=actor_of(request), work_order_id=work_order_id, stars=payload.stars, comment=payload.comment
    )


@router.get("/workorders/{work_order_id}/activity", response=list[ActivityOut], summary="The activity log")
def activity_list(request: HttpRequest, work_order_id: ObjectId) -> list[Activity]:
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    return list(selectors.activity_list(work_order=wo))
