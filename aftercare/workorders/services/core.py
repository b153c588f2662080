"""The one transition service, and what every other work-order service shares (locking, the activity log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.appointments.services import appointment_cancel, appointment_complete
from aftercare.history.choices import HistoryEventType
from aftercare.history.services import event_record
from aftercare.kernel.clock import Clock, FixedClock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.models import Staff
from aftercare.notifications.services import inbox_post
from aftercare.recalls.services import vehicle_recall_complete
from aftercare.workorders import errors, rules, selectors
from aftercare.workorders.choices import ActivityKind, LineDecision, WorkOrderState
from aftercare.workorders.models import Activity, EstimateLine, Transition, WorkOrder


def require(actor: Actor, permission: str) -> None:
    """Staff must hold the permission; owners never pass a staff-only check."""
    if actor.kind not in (ActorKind.STAFF, ActorKind.OPERATOR) or not actor.can(permission):
        raise errors.not_allowed()


def locked(actor: Actor, work_order_id: int) -> WorkOrder:
    """The work order in the actor's scope, row-locked for the rest of the transaction."""
    selectors.work_order_get(actor=actor, work_order_id=work_order_id)  # scope first: foreign == missing
    return WorkOrder.objects.select_for_update().select_related("store", "vehicle", "job_type").get(pk=work_order_id)


def actor_label(actor: Actor) -> str:
    """Who did it, as the activity log shows it (a staff member's name, or "owner")."""
    if actor.staff_id is not None:
        name = Staff.objects.filter(pk=actor.staff_id).values_list("display_name", flat=True).first()
        return name or ""
    return "owner" if actor.kind == ActorKind.OWNER else ""


def log(
    work_order: WorkOrder, kind: str, actor: Actor | None, at: dt.datetime, *, note: str = "", **extra: Any
) -> Activity:
    """Append to the work order's activity log."""
    return Activity.objects.create(
        work_order=work_order,
        kind=kind,
        at=at,
        by_user_id=actor.user_id if actor else None,
        by_label=actor_label(actor)[:60] if actor else "",
        note=note[:200],
        **extra,
    )


def notify_owner(work_order: WorkOrder, title: str, body: str = "") -> None:
    """An inbox message to the car's owner, linking to the work order in the portal."""
    user_id = work_order.owner.user_id if work_order.owner_id and work_order.owner else None
    if user_id:
        inbox_post(
            recipient_id=user_id, kind="work_order", title=title, body=body, link=f"/my/workorders/{work_order.pk}/"
        )


def _may(actor: Actor, row: Transition, work_order: WorkOrder) -> bool:
    if actor.kind == ActorKind.OWNER:
        return row.owner_may and work_order.owner_id == actor.owner_id
    return actor.can(row.permission)


def state_label(state: str) -> str:
    return str(WorkOrderState(state).label) if state in WorkOrderState.values else state


def transition(
    actor: Actor, work_order: WorkOrder, to_state: str, now: dt.datetime, *, note: str = "", **fields: Any
) -> WorkOrder:
    """Move a locked work order along one row of the transition table, if the actor may and the guard holds."""
    row = Transition.objects.filter(from_state=work_order.status, to_state=to_state).first()
    if row is None:
        raise errors.transition_not_allowed(state_label(work_order.status), state_label(to_state))
    if not _may(actor, row, work_order):
        raise errors.not_allowed()
    refusal = rules.guard_refusal(row.guard, selectors.facts_of(work_order))
    if refusal is not None:
        raise errors.guard_failed(refusal)
    from_state = work_order.status
    fields |= _stamps(to_state, now, note)
    changed = WorkOrder.objects.filter(pk=work_order.pk, status=from_state).update(status=to_state, **fields)
    if changed != 1:  # cannot happen under the row lock; refuse rather than write half a move
        raise errors.transition_not_allowed(state_label(from_state), state_label(to_state))
    work_order.refresh_from_db()
    work_order._loaded_status = work_order.status  # type: ignore[attr-defined]
    log(work_order, ActivityKind.TRANSITION, actor, now, note=note, from_state=from_state, to_state=to_state)
    _after(actor, work_order, from_state, now, note)
    return work_order


def _stamps(to_state: str, now: dt.datetime, note: str) -> dict[str, Any]:
    if to_state == WorkOrderState.CANCELLED:
        return {"cancelled_reason": note[:200]}
    if to_state == WorkOrderState.DELIVERED:
        return {"delivered_at": now}
    if to_state == WorkOrderState.CLOSED:
        return {"closed_at": now}
    return {}


def _after(actor: Actor, work_order: WorkOrder, from_state: str, now: dt.datetime, note: str) -> None:
    """Side effects of arriving in a state, in the same transaction."""
    state = work_order.status
    if state == WorkOrderState.ESTIMATED:
        notify_owner(work_order, _("Your estimate is ready"), _("Approve or decline each line online."))
    elif state == WorkOrderState.READY:
        notify_owner(work_order, _("Your car is ready"), _("The quality check is passed. See the invoice and pay."))
    elif state == WorkOrderState.DELIVERED and work_order.appointment_id:
        appointment_complete(actor=actor, appointment_id=work_order.appointment_id, clock=FixedClock(now))
    elif state == WorkOrderState.CLOSED:
        _closed(actor, work_order, now)
    elif state == WorkOrderState.CANCELLED and from_state == WorkOrderState.BOOKED and work_order.appointment_id:
        appointment_cancel(
            actor=actor, appointment_id=work_order.appointment_id, reason=note or "—", clock=FixedClock(now)
        )


def _closed(actor: Actor, work_order: WorkOrder, now: dt.datetime) -> None:
    """WORK_ORDER_CLOSED in the car's history (a job summary, no personal data); recalls done are completed."""
    approved = list(
        EstimateLine.objects.filter(work_order=work_order, decision=LineDecision.APPROVED).select_related("job_type")
    )
    invoice = selectors.invoice_of(work_order)
    end = guarantee_of(work_order)
    event_record(
        vehicle_id=work_order.vehicle_id,
        event_type=HistoryEventType.WORK_ORDER_CLOSED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "work_order": work_order.number,
            "store": work_order.store_id,
            "job_type": work_order.job_type.code,
            "jobs": sorted({line.job_type.code for line in approved}),
            "labour_lines": sum(1 for x in approved if x.kind == "labour"),
            "part_lines": sum(1 for x in approved if x.kind == "part"),
            "parts": [x.part_number for x in approved if x.kind == "part" and x.part_number][:20],
            "km": work_order.odometer_km,
            "total": str(invoice.total) if invoice else None,
            "guarantee_until": end.until.isoformat() if end else None,
            "guarantee_until_km": end.until_km if end else None,
        },
    )
    for line in approved:
        if line.vehicle_recall_id:
            vehicle_recall_complete(
                actor=actor,
                vehicle_recall_id=line.vehicle_recall_id,
                work_order_ref=work_order.number,
                clock=FixedClock(now),
            )


def guarantee_of(work_order: WorkOrder) -> rules.GuaranteeEnd | None:
    """The longest quality guarantee among the approved jobs, from the delivery day and odometer."""
    if work_order.delivered_at is None or work_order.odometer_km is None:
        return None
    ends = guarantee_by_job(work_order)
    return max(ends.values(), key=lambda e: (e.days, e.km), default=None)


def guarantee_by_job(work_order: WorkOrder) -> dict[str, rules.GuaranteeEnd]:
    """job type name -> its guarantee end, for the approved lines (delivery day and odometer at check-in)."""
    delivered = work_order.delivered_at
    if delivered is None or work_order.odometer_km is None:
        return {}
    day = timezone.localdate(delivered)
    out: dict[str, rules.GuaranteeEnd] = {}
    rows = EstimateLine.objects.filter(work_order=work_order, decision=LineDecision.APPROVED).select_related("job_type")
    for line in rows:
        jt = line.job_type
        end = rules.guarantee_end(
            delivered_on=day, odometer_km=work_order.odometer_km, days=jt.guarantee_days, km=jt.guarantee_km
        )
        if end is not None:
            out[jt.code] = end
    return out


@transaction.atomic
def work_order_transition(
    *, actor: Actor, work_order_id: int, to_state: str, note: str = "", clock: Clock = system_clock
) -> WorkOrder:
    """Move a work order to another state: only along the transition table, with its permission and guard."""
    if len(note) > 200:
        raise errors.invalid_input({"note": [_("Keep the note under 200 characters.")]})
    if to_state not in WorkOrderState.values:
        raise errors.invalid_input({"to_state": [_("Unknown status.")]})
    work_order = locked(actor, work_order_id)
    if to_state == WorkOrderState.CANCELLED and not note.strip():
        raise errors.invalid_input({"note": [_("Say why the work order is cancelled.")]})
    return transition(actor, work_order, to_state, clock.now(), note=note.strip())
