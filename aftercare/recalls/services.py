"""Writes about recalls: campaigns entered by hand, and completing a recall on a car."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftercare.history.choices import HistoryEventType
from aftercare.history.services import event_record
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.recalls import errors, inputs, matching, rules
from aftercare.recalls.choices import ALLOWED_TRANSITIONS, CompletionMethod, VehicleRecallStatus
from aftercare.recalls.inputs import CampaignInput, CoverageInput, FieldErrors
from aftercare.recalls.models import RecallCampaign, RecallCoverage, VehicleRecall
from aftercare.vehicles.selectors import vehicle_scope

NOTE_MAX, WORK_ORDER_REF_MAX = 500, 40


def _require(actor: Actor, permission: str) -> None:
    if not actor.is_staff_side or not actor.can(permission):
        raise errors.not_allowed()


def coverage_build(row: CoverageInput, aliases: dict[str, str]) -> RecallCoverage:
    """An unsaved coverage row with its normalised keys."""
    return RecallCoverage(
        make=row.make.strip()[:100],
        model=row.model.strip()[:256],
        make_key=rules.make_key(row.make, aliases),
        model_key=rules.model_key(row.model),
        year_from=row.year_from,
        year_to=row.year_to,
        vin_from=row.vin_from.strip().upper(),
        vin_to=row.vin_to.strip().upper(),
        built_from=row.built_from,
        built_to=row.built_to,
    )


def campaign_match_later(campaign_id: int) -> None:
    """Match a campaign against the fleet once the transaction that created or changed it commits."""
    from aftercare.recalls.tasks import campaign_match_task

    transaction.on_commit(lambda: campaign_match_task.enqueue(campaign_id=campaign_id))


@transaction.atomic
def campaign_create(*, actor: Actor, data: CampaignInput, clock: Clock = system_clock) -> RecallCampaign:
    """Create a campaign by hand (for example a SAMR recall of a domestic brand); it is matched after commit."""
    _require(actor, "recalls.manage_campaigns")
    problems: FieldErrors = {}
    inputs.campaign_clean(data, clock.now().date(), problems)
    number = data.number.strip().upper()
    if "number" not in problems and RecallCampaign.objects.filter(number=number).exists():
        problems.setdefault("number", []).append(_("A campaign with this number already exists."))
    if problems:
        raise errors.invalid_input(problems)
    campaign = RecallCampaign.objects.create(
        number=number,
        kind=data.kind,
        source=data.source,
        manufacturer=data.manufacturer.strip()[:200],
        component=data.component.strip()[:300],
        summary=data.summary.strip(),
        consequence=data.consequence.strip(),
        remedy=data.remedy.strip(),
        report_date=data.report_date,
        created_by_id=actor.user_id,
    )
    aliases = matching.aliases_load()
    rows = [coverage_build(row, aliases) for row in data.coverages]
    for row in rows:
        row.campaign = campaign
    RecallCoverage.objects.bulk_create(rows)
    campaign_match_later(campaign.pk)
    return campaign


def _complete_problems(work_order_ref: str | None, note: str) -> FieldErrors:
    problems: FieldErrors = {}
    if work_order_ref is not None and not work_order_ref.strip():
        problems["work_order_ref"] = [_("Enter the work order number, or leave it out.")]
    if work_order_ref is not None and len(work_order_ref.strip()) > WORK_ORDER_REF_MAX:
        problems["work_order_ref"] = [_("A work order number has at most 40 characters.")]
    if len(note.strip()) > NOTE_MAX:
        problems["note"] = [_("Keep the note under 500 characters.")]
    return problems


@transaction.atomic
def vehicle_recall_complete(
    *,
    actor: Actor,
    vehicle_recall_id: int,
    work_order_ref: str | None = None,
    note: str = "",
    clock: Clock = system_clock,
) -> VehicleRecall:
    """Record a recall as done on a car, by hand or through a work order, with its history event."""
    if actor.kind == ActorKind.OWNER:
        raise errors.vehicle_recall_not_found()
    _require(actor, "recalls.complete_recall")
    problems = _complete_problems(work_order_ref, note)
    if problems:
        raise errors.invalid_input(problems)
    visible = VehicleRecall.objects.filter(vehicle__in=_vehicles_in_scope(actor))
    recall = visible.select_for_update().filter(pk=vehicle_recall_id).first()
    if recall is None:
        raise errors.vehicle_recall_not_found()
    if VehicleRecallStatus.COMPLETED not in ALLOWED_TRANSITIONS[recall.status]:
        raise errors.already_completed()
    now = clock.now()
    recall.status = VehicleRecallStatus.COMPLETED
    recall.completed_at = now
    recall.completed_by_id = actor.user_id
    recall.method = CompletionMethod.WORK_ORDER if work_order_ref else CompletionMethod.MANUAL
    recall.work_order_ref = (work_order_ref or "").strip()
    recall.note = note.strip()
    recall.save(update_fields=["status", "completed_at", "completed_by", "method", "work_order_ref", "note"])
    campaign = RecallCampaign.objects.only("number", "kind").get(pk=recall.campaign_id)
    event_record(
        vehicle_id=recall.vehicle_id,
        event_type=HistoryEventType.RECALL_COMPLETED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "campaign": campaign.number,
            "kind": campaign.kind,
            "method": recall.method,
            "work_order_ref": recall.work_order_ref,
            "vehicle_recall": recall.pk,
        },
    )
    return recall


def _vehicles_in_scope(actor: Actor):  # type: ignore[no-untyped-def]
    from aftercare.vehicles.models import Vehicle

    return Vehicle.objects.filter(vehicle_scope(actor)).values("pk")
