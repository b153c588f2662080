"""What the console and the portal both show about a work order: the progress stepper and the invoice block."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aftercare.kernel import masking
from aftercare.workorders import selectors
from aftercare.workorders.choices import STATE_PATH, WorkOrderState
from aftercare.workorders.invoicing import invoice_view
from aftercare.workorders.models import JobType, WorkOrder
from aftercare.workorders.services import guarantee_by_job


def stepper(work_order: WorkOrder) -> dict[str, Any]:
    """The happy path with the current state marked (a cancelled order shows where it stopped)."""
    current = work_order.status
    index = STATE_PATH.index(WorkOrderState(current)) if current in STATE_PATH else -1
    steps = [
        {"label": state.label, "done": i < index or current == WorkOrderState.CLOSED, "current": i == index}
        for i, state in enumerate(STATE_PATH)
    ]
    return {"steps": steps, "cancelled": current == WorkOrderState.CANCELLED, "reason": work_order.cancelled_reason}


def invoice_context(work_order: WorkOrder, *, reveal_buyer: bool) -> dict[str, Any]:
    """The invoice (issued or preview), its labour and materials sections, and the guarantee ends."""
    view = invoice_view(work_order=work_order)
    names = {j.code: j for j in JobType.objects.filter(code__in=guarantee_by_job(work_order).keys())}
    guarantees = [
        {"job": names[code].name if code in names else code, "end": end}
        for code, end in sorted(guarantee_by_job(work_order).items())
    ]
    owner = work_order.owner
    buyer = (owner.name if reveal_buyer else masking.mask_name(owner.name)) if owner else "—"
    store = work_order.store
    return {
        "invoice": view,
        "invoice_sections": [(_("Labour (工时费)"), view.labour_lines), (_("Materials (材料费)"), view.part_lines)],
        "guarantees": guarantees,
        "seller": f"{store.name} · {store.address}",
        "buyer": buyer,
        "work_order": work_order,
        "paid": view.paid,
    }


def deferred_for(work_order: WorkOrder) -> list[Any]:
    """Declined lines of earlier visits still on the car."""
    return list(selectors.vehicle_deferred_work(vehicle_id=work_order.vehicle_id).exclude(work_order=work_order)[:20])
