"""The end of the visit: quality check, the invoice (benefits redeemed once, car-age discount, VAT), the six-step
delivery, payment requests and the owner's rating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.homecoming.services import benefit_redeem
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.payments.services import RequestResult, payment_request_create
from aftercare.vehicles.inputs import FieldErrors
from aftercare.workorders import errors, rules, selectors
from aftercare.workorders.choices import (
    ActivityKind,
    DeliveryStep,
    OldPartsDisposal,
    WorkOrderState,
)
from aftercare.workorders.invoicing import charge_lines, invoice_preview, line_json
from aftercare.workorders.models import BenefitUse, DeliveryCheck, Invoice, WorkOrder
from aftercare.workorders.services.core import locked, log, notify_owner, require, transition


@transaction.atomic
def quality_check_record(
    *, actor: Actor, work_order_id: int, passed: bool, notes: str = "", clock: Clock = system_clock
) -> WorkOrder:
    """Sign off the quality check (→ ready) or send the car back to the workshop with what to fix."""
    work_order = locked(actor, work_order_id)
    require(actor, "workorders.quality_check")
    notes = notes.strip()
    if len(notes) > 500:
        raise errors.invalid_input({"notes": [_("Keep the notes under 500 characters.")]})
    if not passed and not notes:
        raise errors.invalid_input({"notes": [_("Say what has to be fixed.")]})
    if work_order.status != WorkOrderState.QUALITY_CHECK:
        raise errors.wrong_state(_("The car is not waiting for a quality check."))
    now = clock.now()
    log(
        work_order,
        ActivityKind.QC,
        actor,
        now,
        note=(_("Passed") if passed else _("Failed")) + (f": {notes}" if notes else ""),
    )
    if not passed:
        return transition(actor, work_order, WorkOrderState.IN_PROGRESS, now, note=notes)
    WorkOrder.objects.filter(pk=work_order.pk).update(qc_passed_at=now, qc_by_id=actor.staff_id, qc_notes=notes)
    work_order.refresh_from_db()
    return transition(actor, work_order, WorkOrderState.READY, now)


# ------------------------------------------------------------------------------------------------
# The invoice
# ------------------------------------------------------------------------------------------------


def _redeem(actor: Actor, work_order: WorkOrder, invoice: Invoice, computed: rules.Invoice) -> None:
    """Each benefit used is redeemed through Homecoming exactly once (its service refuses a second use)."""
    used: dict[int, tuple[str, Decimal]] = {}
    for line in computed.lines:
        for d in line.discounts:
            if d.source == "benefit" and d.ref is not None:
                label, amount = used.get(d.ref, (d.label, Decimal("0.00")))
                used[d.ref] = (label, amount + d.amount)
    for benefit_id, (label, amount) in used.items():
        benefit_redeem(actor=actor, benefit_id=benefit_id, store_id=work_order.store_id, reference=work_order.number)
        try:
            with transaction.atomic():
                BenefitUse.objects.create(benefit_id=benefit_id, invoice=invoice, label=label[:100], amount=amount)
        except IntegrityError as exc:
            raise errors.invoice_already_issued() from exc


@transaction.atomic
def invoice_issue(*, actor: Actor, work_order_id: int, clock: Clock = system_clock) -> Invoice:
    """Issue the invoice of a car that passed its quality check: frozen lines, discounts, VAT and totals."""
    work_order = locked(actor, work_order_id)
    require(actor, "workorders.deliver")
    if work_order.status not in (WorkOrderState.READY, WorkOrderState.DELIVERED):
        raise errors.wrong_state(_("The invoice is issued once the car has passed its quality check."))
    if selectors.invoice_of(work_order) is not None:
        raise errors.invoice_already_issued()
    now = clock.now()
    day = timezone.localdate(now)
    computed = invoice_preview(work_order=work_order, on=day)
    sources = {x.pk: x for x in charge_lines(work_order)}
    invoice = Invoice.objects.create(
        work_order=work_order,
        number=f"tmp{work_order.pk}",
        issued_at=now,
        labour_amount=computed.labour_amount,
        parts_amount=computed.parts_amount,
        discount_total=computed.discount_total,
        net_total=computed.net_total,
        tax_total=computed.tax_total,
        total=computed.total,
        lines=[line_json(x, sources[x.ref]) for x in computed.lines],
        tax_by_rate=[[str(r), str(n), str(t)] for r, n, t in computed.tax_by_rate],
        payment_reference=f"workorder-invoice:{work_order.pk}",
    )
    invoice.number = rules.invoice_number(issued_on=day, store_id=work_order.store_id, sequence=invoice.pk)
    invoice.save(update_fields=["number"])
    _redeem(actor, work_order, invoice, computed)
    log(work_order, ActivityKind.INVOICE, actor, now, note=f"{invoice.number} ¥{invoice.total}")
    notify_owner(
        work_order, _("Your invoice is ready"), _("Total ¥%(total)s. You can pay online.") % {"total": invoice.total}
    )
    return invoice


# ------------------------------------------------------------------------------------------------
# Delivery
# ------------------------------------------------------------------------------------------------


def _delivery_problems(
    work_order: WorkOrder,
    steps: set[str],
    disposal: str,
    next_date: dt.date | None,
    next_km: int | None,
    today: dt.date,
) -> FieldErrors:
    problems: FieldErrors = {}
    unknown = steps - set(DeliveryStep.values)
    if unknown:
        problems.setdefault("steps", []).append(_("Unknown delivery step."))
    if DeliveryStep.OLD_PARTS in steps and disposal not in OldPartsDisposal.values:
        problems.setdefault("old_parts_disposal", []).append(_("Say what happened to the old parts."))
    if DeliveryStep.NEXT_SERVICE in steps:
        if next_date is None:
            problems.setdefault("next_service_date", []).append(_("Agree the date of the next service."))
        elif not today < next_date <= today + dt.timedelta(days=730):
            problems.setdefault("next_service_date", []).append(_("Choose a date within the next two years."))
    if (
        next_km is not None
        and work_order.odometer_km is not None
        and not 0 < next_km - work_order.odometer_km <= 100_000
    ):
        problems.setdefault("next_service_km", []).append(_("The next service must be above today's odometer reading."))
    if DeliveryStep.INVOICE in steps and selectors.invoice_of(work_order) is None:
        problems.setdefault("steps", []).append(_("Issue the invoice before explaining it."))
    return problems


@transaction.atomic
def delivery_confirm(
    *,
    actor: Actor,
    work_order_id: int,
    steps: Iterable[str],
    old_parts_disposal: str = "",
    next_service_date: dt.date | None = None,
    next_service_km: int | None = None,
    clock: Clock = system_clock,
) -> WorkOrder:
    """Confirm delivery steps with the owner; when all six are done, the car is delivered."""
    work_order = locked(actor, work_order_id)
    require(actor, "workorders.deliver")
    if work_order.status != WorkOrderState.READY:
        raise errors.wrong_state(_("The car is not ready for delivery."))
    if actor.staff_id is None:
        raise errors.not_allowed()
    now = clock.now()
    chosen = set(steps)
    problems = _delivery_problems(
        work_order, chosen, old_parts_disposal, next_service_date, next_service_km, timezone.localdate(now)
    )
    if problems:
        raise errors.invalid_input(problems)
    updates: dict[str, object] = {}
    if DeliveryStep.OLD_PARTS in chosen:
        updates["old_parts_disposal"] = old_parts_disposal
    if DeliveryStep.NEXT_SERVICE in chosen:
        updates |= {"next_service_date": next_service_date, "next_service_km": next_service_km}
    if updates:
        WorkOrder.objects.filter(pk=work_order.pk).update(**updates)
    done = set(work_order.delivery_checks.values_list("step", flat=True))
    for step in DeliveryStep.values:
        if step in chosen and step not in done:
            DeliveryCheck.objects.create(work_order=work_order, step=step, done_at=now, done_by_id=actor.staff_id)
            log(work_order, ActivityKind.DELIVERY_STEP, actor, now, note=str(DeliveryStep(step).label))
    work_order.refresh_from_db()
    if set(DeliveryStep.values) <= done | chosen:
        return transition(actor, work_order, WorkOrderState.DELIVERED, now)
    return work_order


# ------------------------------------------------------------------------------------------------
# Payment and rating
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def work_order_payment_request(
    *, actor: Actor, work_order_id: int, channel: str, idempotency_key: str, clock: Clock = system_clock
) -> RequestResult:
    """Open (or replay, for the same key) a payment of the invoice total through the payment provider."""
    work_order = locked(actor, work_order_id)
    if actor.kind != ActorKind.OWNER:
        require(actor, "workorders.deliver")
    invoice = selectors.invoice_of(work_order)
    if invoice is None:
        raise errors.invoice_missing()
    if invoice.total <= 0:
        raise errors.nothing_to_pay()
    result = payment_request_create(
        user_id=actor.user_id or 0,
        idempotency_key=idempotency_key,
        reference=invoice.payment_reference,
        amount=invoice.total,
        channel=channel,
        description=f"{work_order.store.name} {work_order.number}",
        clock=clock,
    )
    if not result.replayed:
        log(work_order, ActivityKind.PAYMENT, actor, clock.now(), note=f"¥{invoice.total} · {channel}")
    return result


@transaction.atomic
def work_order_rate(
    *, actor: Actor, work_order_id: int, stars: int | None, comment: str = "", clock: Clock = system_clock
) -> WorkOrder:
    """The owner rates the visit once, 1–5 stars with an optional comment, after delivery."""
    work_order = locked(actor, work_order_id)
    if actor.kind != ActorKind.OWNER or work_order.owner_id != actor.owner_id:
        raise errors.not_allowed()
    problems: FieldErrors = {}
    if stars is None or not 1 <= stars <= 5:
        problems.setdefault("stars", []).append(_("Choose 1 to 5 stars."))
    if len(comment.strip()) > 500:
        problems.setdefault("comment", []).append(_("Keep the comment under 500 characters."))
    if problems:
        raise errors.invalid_input(problems)
    if work_order.status not in (WorkOrderState.DELIVERED, WorkOrderState.CLOSED):
        raise errors.wrong_state(_("You can rate the visit once the car has been handed back."))
    now = clock.now()
    changed = WorkOrder.objects.filter(pk=work_order.pk, rated_at__isnull=True).update(
        rating=stars, rating_comment=comment.strip(), rated_at=now
    )
    if not changed:
        raise errors.already_rated()
    log(work_order, ActivityKind.RATING, actor, now, note=f"{stars}★ {comment.strip()}"[:200])
    work_order.refresh_from_db()
    return work_order
