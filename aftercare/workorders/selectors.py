"""Reads of work orders, scoped by the actor: staff by dealer group, owners by the car they hold now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.selectors import group_scope
from aftercare.payments.models import PaymentRequest
from aftercare.payments.selectors import payment_list, payment_settled, settled_references
from aftercare.vehicles.models import Ownership
from aftercare.workorders import errors, rules
from aftercare.workorders.choices import DeliveryStep, LineDecision, LineKind, WorkOrderState
from aftercare.workorders.models import (
    Activity,
    Attachment,
    EstimateLine,
    Invoice,
    JobType,
    LabourRate,
    ProgressPost,
    Transition,
    WorkOrder,
)


def work_order_scope(actor: Actor, prefix: str = "") -> Q:
    """Staff see their group's work orders; an owner sees theirs while they still hold the car."""
    if actor.kind == ActorKind.OWNER and actor.owner_id is not None:
        held = Ownership.objects.filter(owner_id=actor.owner_id, ended_on__isnull=True).values("vehicle_id")
        return Q(**{f"{prefix}owner_id": actor.owner_id, f"{prefix}vehicle_id__in": held})
    return group_scope(actor, f"{prefix}dealer_group_id")


def _detailed(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    return qs.select_related(
        "store", "vehicle", "job_type", "advisor", "technician", "owner", "qc_by", "odometer_reading"
    )


def work_order_list(
    *, actor: Actor, status: str = "", store_id: int | None = None, vehicle_id: int | None = None
) -> QuerySet[WorkOrder]:
    """Work orders in scope, newest first, optionally by status, store or car."""
    qs = _detailed(WorkOrder.objects.filter(work_order_scope(actor)))
    if status:
        qs = qs.filter(status=status)
    if store_id is not None:
        qs = qs.filter(store_id=store_id)
    if vehicle_id is not None:
        qs = qs.filter(vehicle_id=vehicle_id)
    return qs.order_by("-created_at", "-id")


def work_order_get(*, actor: Actor, work_order_id: int) -> WorkOrder:
    """One work order in scope with its lines; a foreign one is reported exactly like a missing one."""
    lines = EstimateLine.objects.select_related("job_type", "decided_by").order_by("kind", "id")
    found = (
        _detailed(WorkOrder.objects.filter(work_order_scope(actor), pk=work_order_id))
        .prefetch_related(Prefetch("lines", queryset=lines))
        .first()
    )
    if found is None:
        raise errors.work_order_not_found()
    return found


def line_get(*, actor: Actor, line_id: int) -> EstimateLine:
    """One estimate line whose work order is in scope."""
    line = (
        EstimateLine.objects.filter(work_order_scope(actor, "work_order__"), pk=line_id)
        .select_related("work_order", "job_type")
        .first()
    )
    if line is None:
        raise errors.line_not_found()
    return line


def attachment_get(*, actor: Actor, attachment_id: int) -> Attachment:
    """A photo or video of a work order in scope (the only way its file is ever served)."""
    found = Attachment.objects.filter(work_order_scope(actor, "work_order__"), pk=attachment_id).first()
    if found is None:
        raise errors.attachment_not_found()
    return found


def lines_of(work_order: WorkOrder) -> list[EstimateLine]:
    """The work order's lines, labour first (from the prefetch when there is one)."""
    return list(work_order.lines.all())


def progress_list(*, work_order: WorkOrder) -> QuerySet[ProgressPost]:
    """The repair timeline, oldest first, with photos and author."""
    return (
        ProgressPost.objects.filter(work_order=work_order)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("posted_at", "id")
    )


def check_in_photos(*, work_order: WorkOrder) -> QuerySet[Attachment]:
    """Walk-around photos taken at check-in."""
    return Attachment.objects.filter(work_order=work_order, purpose="walk_around").order_by("uploaded_at", "id")


def activity_list(*, work_order: WorkOrder) -> QuerySet[Activity]:
    """The activity log, oldest first."""
    return Activity.objects.filter(work_order=work_order).select_related("line").order_by("at", "id")


def delivery_steps_done(*, work_order: WorkOrder) -> dict[str, object]:
    """step -> DeliveryCheck for the steps already confirmed."""
    return {c.step: c for c in work_order.delivery_checks.select_related("done_by")}


def job_type_list() -> QuerySet[JobType]:
    """Active job types for pickers."""
    return JobType.objects.filter(is_active=True).order_by("category", "code")


def job_type_for_service(*, service_type_code: str, category: str = "") -> JobType | None:
    """The job type booked as an appointments service type (by code, else by repair class)."""
    found = JobType.objects.filter(service_type_code=service_type_code, is_active=True).first()
    if found is None and category:
        found = JobType.objects.filter(category=category, is_active=True).order_by("code").first()
    return found


def labour_rate(*, store_id: int, level: str) -> Decimal | None:
    """The store's hourly rate for a certification level, else the network default; None when neither."""
    rows = {
        r.store_id: r.hourly_rate
        for r in LabourRate.objects.filter(Q(store_id=store_id) | Q(store__isnull=True), level=level)
    }
    return rows.get(store_id, rows.get(None))


def labour_rates(*, store_id: int) -> dict[str, Decimal]:
    """level -> hourly rate at a store (store rows over network defaults)."""
    out: dict[str, Decimal] = {}
    for row in LabourRate.objects.filter(Q(store_id=store_id) | Q(store__isnull=True)).order_by("-store_id"):
        if row.store_id is not None or row.level not in out:
            out.setdefault(row.level, row.hourly_rate)
    return out


def transitions_from(*, state: str) -> list[Transition]:
    """The transition rows out of a state."""
    return list(Transition.objects.filter(from_state=state).order_by("id"))


def transitions_for(*, actor: Actor, work_order: WorkOrder) -> list[Transition]:
    """The moves this actor may offer as buttons (permission only; the guards are checked when taken)."""
    rows = transitions_from(state=work_order.status)
    if actor.kind == ActorKind.OWNER:
        return [t for t in rows if t.owner_may]
    return [t for t in rows if actor.can(t.permission)]


def invoice_of(work_order: WorkOrder) -> Invoice | None:
    """The issued invoice, if any."""
    try:
        return work_order.invoice
    except Invoice.DoesNotExist:
        return None


def invoice_paid(invoice: Invoice | None) -> bool:
    """Paid when a payment for its reference succeeded, or when nothing was to be paid."""
    if invoice is None:
        return False
    return invoice.total == 0 or payment_settled(reference=invoice.payment_reference) is not None


def invoice_payments(invoice: Invoice) -> QuerySet[PaymentRequest]:
    """Every payment request for the invoice, newest first."""
    return payment_list(reference=invoice.payment_reference)


def paid_work_order_ids(work_orders: list[WorkOrder]) -> set[int]:
    """Which of these work orders have a paid invoice (two queries for a list)."""
    invoices = {i.payment_reference: i for i in Invoice.objects.filter(work_order__in=work_orders)}
    paid = settled_references(references=list(invoices))
    return {i.work_order_id for ref, i in invoices.items() if ref in paid or i.total == 0}


def facts_of(work_order: WorkOrder) -> rules.Facts:
    """What the transition guards need to know about a work order, read fresh from the database."""
    lines = EstimateLine.objects.filter(work_order=work_order)
    decisions = list(lines.values_list("decision", flat=True))
    return rules.Facts(
        check_in_recorded=work_order.checked_in_at is not None and work_order.odometer_km is not None,
        line_count=len(decisions),
        pending_count=decisions.count(LineDecision.PENDING),
        approved_count=decisions.count(LineDecision.APPROVED),
        qc_passed=work_order.qc_passed_at is not None,
        delivery_steps_done=frozenset(work_order.delivery_checks.values_list("step", flat=True)),
        delivery_steps_required=frozenset(DeliveryStep.values),
        invoice_paid=invoice_paid(invoice_of(work_order)),
    )


def vehicle_deferred_work(*, vehicle_id: int) -> QuerySet[EstimateLine]:
    """Declined lines that stay on the car for a later visit (not yet taken up by another work order)."""
    return (
        EstimateLine.objects.filter(
            work_order__vehicle_id=vehicle_id, decision=LineDecision.DECLINED, carried_to__isnull=True
        )
        .select_related("work_order", "job_type")
        .order_by("-decided_at", "-id")
    )


def open_work_order_for_vehicle(*, vehicle_id: int) -> WorkOrder | None:
    """The car's work order that is neither closed nor cancelled, if any."""
    done = [WorkOrderState.CLOSED, WorkOrderState.CANCELLED]
    return WorkOrder.objects.filter(vehicle_id=vehicle_id).exclude(status__in=done).first()


@dataclass(frozen=True)
class Section:
    kind: str
    lines: list[EstimateLine]
    total: Decimal


def estimate_sections(lines: list[EstimateLine]) -> list[Section]:
    """Labour and parts listed separately (工时费与材料费分项), each with the total of its approved lines."""
    out = []
    for kind in (LineKind.LABOUR, LineKind.PART):
        mine = [x for x in lines if x.kind == kind]
        total = sum((x.amount for x in mine if x.decision != LineDecision.DECLINED), Decimal("0.00"))
        out.append(Section(kind=kind, lines=mine, total=total))
    return out


def payment_in_scope(*, actor: Actor, provider_ref: str) -> tuple[WorkOrder, PaymentRequest]:
    """A payment request and its work order, when the work order is in the actor's scope (else not found)."""
    payment = PaymentRequest.objects.filter(provider_ref=provider_ref[:64]).first()
    invoice = (
        Invoice.objects.filter(work_order_scope(actor, "work_order__"), payment_reference=payment.reference)
        .select_related("work_order")
        .first()
        if payment is not None
        else None
    )
    if payment is None or invoice is None:
        raise errors.work_order_not_found()
    return invoice.work_order, payment
