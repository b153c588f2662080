"""The estimate: labour and part lines, and the owner's decision on each (online, or recorded by the advisor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.choices import CertificationLevel
from aftercare.recalls.selectors import vehicle_open_recalls
from aftercare.vehicles.inputs import FieldErrors
from aftercare.workorders import errors, rules, selectors
from aftercare.workorders.choices import (
    ActivityKind,
    DecisionChannel,
    LineDecision,
    LineKind,
    PartClass,
    WorkOrderState,
)
from aftercare.workorders.models import EstimateLine, JobType, WorkOrder
from aftercare.workorders.services.core import locked, log, require, transition


@dataclass(frozen=True)
class LineInput:
    """One estimate line as typed: labour (hours, level) or part (number, brand, quantity, unit price)."""

    kind: str
    job_type_id: int | None
    description: str
    hours: Decimal | None = None
    technician_level: str = ""
    part_number: str = ""
    brand: str = ""
    part_class: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    unit_price: Decimal | None = None
    vehicle_recall_id: int | None = None
    carried_over_from_id: int | None = None


def _text(value: str, limit: int, name: str, problems: FieldErrors, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        problems.setdefault(name, []).append(_("This field is required."))
    elif len(text) > limit:
        problems.setdefault(name, []).append(_("Keep this under %(n)s characters.") % {"n": limit})
    return text


def _positive(
    value: Decimal | None, limit: Decimal, name: str, problems: FieldErrors, *, zero_ok: bool = False
) -> None:
    if value is None:
        problems.setdefault(name, []).append(_("This field is required."))
    elif not value.is_finite() or value < 0 or (value == 0 and not zero_ok) or value > limit:
        problems.setdefault(name, []).append(_("Enter a number greater than 0 and at most %(max)s.") % {"max": limit})
    elif value != value.quantize(Decimal("0.01")):
        problems.setdefault(name, []).append(_("Use at most two decimal places."))


def _line_problems(data: LineInput, problems: FieldErrors) -> JobType | None:
    if data.kind not in LineKind.values:
        problems.setdefault("kind", []).append(_("Choose labour or part."))
    job_type = JobType.objects.filter(pk=data.job_type_id, is_active=True).first() if data.job_type_id else None
    if job_type is None:
        problems.setdefault("job_type_id", []).append(_("Choose a job type from the list."))
    _text(data.description, 100, "description", problems, required=True)
    if data.kind == LineKind.LABOUR:
        _positive(data.hours, rules.MAX_HOURS, "hours", problems)
        if data.technician_level not in CertificationLevel.values:
            problems.setdefault("technician_level", []).append(_("Choose the technician's certification level."))
    elif data.kind == LineKind.PART:
        _text(data.part_number, 40, "part_number", problems, required=True)
        _text(data.brand, 40, "brand", problems, required=True)
        _text(data.unit, 8, "unit", problems)
        if data.part_class and data.part_class not in PartClass.values:
            problems.setdefault("part_class", []).append(_("Choose original, equivalent or remanufactured."))
        _positive(data.quantity, rules.MAX_QUANTITY, "quantity", problems)
        _positive(data.unit_price, rules.MAX_UNIT_PRICE, "unit_price", problems, zero_ok=True)
    return job_type


def _amounts(work_order: WorkOrder, data: LineInput, problems: FieldErrors) -> tuple[Decimal, Decimal | None]:
    if data.kind != LineKind.LABOUR:
        assert data.quantity is not None and data.unit_price is not None
        return rules.part_amount(data.quantity, data.unit_price), None
    rate = selectors.labour_rate(store_id=work_order.store_id, level=data.technician_level)
    if rate is None:
        problems.setdefault("technician_level", []).append(_("No labour rate is set for this level at this store."))
        return Decimal("0.00"), None
    assert data.hours is not None
    return rules.labour_amount(data.hours, rate), rate


def _links_problems(work_order: WorkOrder, data: LineInput, problems: FieldErrors) -> None:
    if data.vehicle_recall_id is not None:
        open_ids = {r.pk for r in vehicle_open_recalls(vehicle_id=work_order.vehicle_id)}
        if data.vehicle_recall_id not in open_ids:
            problems.setdefault("vehicle_recall_id", []).append(_("Choose one of this car's open recalls."))
    if data.carried_over_from_id is not None:
        deferred = selectors.vehicle_deferred_work(vehicle_id=work_order.vehicle_id)
        if not deferred.filter(pk=data.carried_over_from_id).exists():
            problems.setdefault("carried_over_from_id", []).append(_("Choose one of this car's deferred items."))


@transaction.atomic
def estimate_line_add(
    *, actor: Actor, work_order_id: int, data: LineInput, clock: Clock = system_clock
) -> EstimateLine:
    """Add a labour or part line; it waits for the owner's decision (extra work found later, too)."""
    work_order = locked(actor, work_order_id)
    require(actor, "workorders.edit_estimate")
    if work_order.status not in rules.ESTIMATE_OPEN_STATES:
        raise errors.wrong_state(_("Lines can no longer be added to this work order."))
    problems: FieldErrors = {}
    job_type = _line_problems(data, problems)
    if problems or job_type is None:
        raise errors.invalid_input(problems)
    amount, rate = _amounts(work_order, data, problems)
    _links_problems(work_order, data, problems)
    if problems:
        raise errors.invalid_input(problems)
    labour = data.kind == LineKind.LABOUR
    line = EstimateLine.objects.create(
        work_order=work_order,
        kind=data.kind,
        job_type=job_type,
        description=data.description.strip(),
        technician_level=data.technician_level if labour else "",
        hours=data.hours if labour else None,
        hourly_rate=rate,
        part_number="" if labour else data.part_number.strip(),
        brand="" if labour else data.brand.strip(),
        part_class="" if labour else (data.part_class or PartClass.ORIGINAL),
        quantity=None if labour else data.quantity,
        unit="" if labour else (data.unit.strip() or "件"),
        unit_price=None if labour else data.unit_price,
        amount=amount,
        vat_rate=job_type.vat_rate,
        vehicle_recall_id=data.vehicle_recall_id,
        carried_over_from_id=data.carried_over_from_id,
        created_by_id=actor.user_id,
    )
    log(work_order, ActivityKind.LINE_ADDED, actor, clock.now(), line=line, note=line.description)
    return line


@transaction.atomic
def estimate_line_remove(*, actor: Actor, line_id: int, clock: Clock = system_clock) -> None:
    """Remove a line the owner has not decided on yet."""
    line = selectors.line_get(actor=actor, line_id=line_id)
    work_order = locked(actor, line.work_order_id)
    require(actor, "workorders.edit_estimate")
    deleted, _rows = EstimateLine.objects.filter(pk=line.pk, decision=LineDecision.PENDING).delete()
    if not deleted:
        raise errors.line_not_pending()
    log(work_order, ActivityKind.LINE_REMOVED, actor, clock.now(), note=line.description)


def _channel_for(actor: Actor, channel: str | None) -> str:
    if actor.kind == ActorKind.OWNER:
        return DecisionChannel.PORTAL
    require(actor, "workorders.record_approval")
    if channel not in (DecisionChannel.PHONE, DecisionChannel.IN_STORE):
        raise errors.invalid_input({"channel": [_("Say how the owner told you: by phone or in the store.")]})
    return channel


def _decide_one(
    actor: Actor, work_order: WorkOrder, line: EstimateLine, decision: str, channel: str, now: dt.datetime
) -> None:
    changed = EstimateLine.objects.filter(pk=line.pk, decision=LineDecision.PENDING).update(
        decision=decision, decided_at=now, decided_by_id=actor.user_id, decision_channel=channel
    )
    if not changed:
        raise errors.line_already_decided()
    kind = ActivityKind.LINE_APPROVED if decision == LineDecision.APPROVED else ActivityKind.LINE_DECLINED
    log(work_order, kind, actor, now, line=line, channel=channel, note=line.description)


@transaction.atomic
def line_decide(
    *, actor: Actor, line_id: int, decision: str, channel: str | None = None, clock: Clock = system_clock
) -> EstimateLine:
    """The owner approves or declines one line (online, or by phone / in the store as recorded by staff).

    Declined lines stay on the car as deferred work. When the last line of a sent estimate is decided and at
    least one is approved, the work order moves to approved.
    """
    if decision not in (LineDecision.APPROVED, LineDecision.DECLINED):
        raise errors.invalid_input({"decision": [_("Choose approve or decline.")]})
    line = selectors.line_get(actor=actor, line_id=line_id)
    work_order = locked(actor, line.work_order_id)
    used_channel = _channel_for(actor, channel)
    if work_order.status not in rules.DECISION_STATES:
        raise errors.wrong_state(_("The estimate has not been sent to the owner yet."))
    now = clock.now()
    _decide_one(actor, work_order, line, decision, used_channel, now)
    facts = selectors.facts_of(work_order)
    if work_order.status == WorkOrderState.ESTIMATED and facts.pending_count == 0 and facts.approved_count > 0:
        transition(actor, work_order, WorkOrderState.APPROVED, now, note=gettext_noop("All lines decided."))
    line.refresh_from_db()
    return line
