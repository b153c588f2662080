"""Writes about inspections: start (with machine pre-fill), record item verdicts and photos, complete."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftercare.history.choices import HistoryEventType
from aftercare.history.services import event_record
from aftercare.inspections import errors, images, rules
from aftercare.inspections.choices import FindingStatus, InspectionStatus, TroubleCodeStatus, Verdict
from aftercare.inspections.models import (
    Finding,
    Inspection,
    InspectionResult,
    InspectionTemplate,
    ResultPhoto,
    Suggestion,
    TemplateItem,
    TroubleCode,
    VehicleTroubleCode,
)
from aftercare.inspections.selectors import active_trouble_codes, inspection_get, template_items
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.recalls.selectors import vehicle_open_recalls
from aftercare.vehicles.choices import OdometerFlag, OdometerSource
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.selectors import odometer_list, vehicle_get
from aftercare.vehicles.services import odometer_record

PERMISSION = "inspections.perform_inspection"
TROUBLE_CODE_WINDOW = dt.timedelta(days=180)  # codes read longer ago than this no longer pre-fill
MAX_PHOTOS_PER_ITEM = 8
NOTE_MAX = 500


def _require(actor: Actor) -> None:
    if actor.kind not in (ActorKind.STAFF, ActorKind.OPERATOR) or not actor.can(PERMISSION):
        raise errors.not_allowed()
    if actor.store_id is None or actor.staff_id is None:
        raise errors.no_store()


def _km_problems(km: int | None) -> list[str]:
    if km is None:
        return []
    if isinstance(km, bool) or not isinstance(km, int) or km < 0 or km > 2_000_000:
        return [str(_("Enter the odometer in kilometres, between 0 and 2,000,000."))]
    return []


@transaction.atomic
def inspection_start(
    *,
    actor: Actor,
    vehicle_id: int,
    template_code: str,
    odometer_km: int | None = None,
    clock: Clock = system_clock,
) -> Inspection:
    """Open an inspection of a car at the technician's store, every item pre-filled with machine suggestions."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    _require(actor)
    template = InspectionTemplate.objects.filter(code=template_code, is_current=True).first()
    problems = _km_problems(odometer_km)
    if problems:
        raise errors.invalid_input({"odometer_km": list(problems)})
    if template is None:
        raise errors.template_unknown()
    from aftercare.network.models import Store

    assert actor.store_id is not None and actor.staff_id is not None  # _require checked both
    store = Store.objects.get(pk=actor.store_id)
    inspection = Inspection.objects.create(
        vehicle=vehicle,
        template=template,
        store=store,
        dealer_group_id=store.dealer_group_id,
        technician_id=actor.staff_id,
        odometer_km=odometer_km,
        started_at=clock.now(),
        share_token=secrets.token_urlsafe(32),
    )
    _prefill(inspection, vehicle, list(template_items(template=template)), clock.now())
    return inspection


def _odometer_facts(vehicle: Vehicle, km: int | None) -> rules.OdometerFacts:
    previous = (
        Inspection.objects.filter(vehicle=vehicle, status=InspectionStatus.COMPLETED, odometer_km__isnull=False)
        .order_by("-completed_at")
        .values_list("odometer_km", flat=True)
        .first()
    )
    readings = list(odometer_list(vehicle=vehicle)[:200])
    trusted = [r.km for r in readings if not r.flag]
    latest_trusted = next((r.km for r in readings if not r.flag), None)
    return rules.OdometerFacts(
        km=km if km is not None else latest_trusted,
        highest_trusted_km=max(trusted) if trusted else None,
        rollback_flagged=any(r.flag == OdometerFlag.ROLLBACK for r in readings),
        last_inspection_km=previous,
    )


def prefill_facts(vehicle: Vehicle, km: int | None, now: dt.datetime) -> dict[str, object]:
    """What the machine knows about the car: trouble codes, odometer, open recalls, unfixed findings."""
    codes = active_trouble_codes(vehicle_id=vehicle.pk, since=now - TROUBLE_CODE_WINDOW)
    recalls = vehicle_open_recalls(vehicle_id=vehicle.pk)
    findings = Finding.objects.filter(vehicle=vehicle, status=FindingStatus.OPEN)
    return {
        "codes": [rules.DtcFact(c.code, c.description) for c in codes],
        "odometer": _odometer_facts(vehicle, km),
        "recalls": [
            rules.RecallFact(r.campaign.number, r.campaign.kind, r.campaign.component, r.campaign.summary[:200])
            for r in recalls
        ],
        "findings": [rules.FindingFact(f.item_code, f.severity, f.note, f.opened_at.date()) for f in findings],
    }


def _prefill(inspection: Inspection, vehicle: Vehicle, items: list[TemplateItem], now: dt.datetime) -> None:
    specs = [rules.ItemSpec.from_match(i.code, i.match) for i in items]
    grouped = rules.prefill(specs, **prefill_facts(vehicle, inspection.odometer_km, now))  # type: ignore[arg-type]
    results = []
    for item in items:
        suggested = rules.suggested_verdict(grouped.get(item.code, []))
        state = rules.suggestion_state(suggested, "")
        results.append(
            InspectionResult(inspection=inspection, item=item, suggested_verdict=suggested, suggestion_state=state)
        )
    InspectionResult.objects.bulk_create(results)
    by_code = {r.item.code: r for r in InspectionResult.objects.filter(inspection=inspection).select_related("item")}
    Suggestion.objects.bulk_create(
        Suggestion(result=by_code[s.item_code], verdict=s.verdict, source=s.source, reason=s.reason, params=s.params)
        for group in grouped.values()
        for s in group
    )


def _locked_open(actor: Actor, inspection_id: int) -> Inspection:
    inspection = inspection_get(actor=actor, inspection_id=inspection_id)
    _require(actor)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.status != InspectionStatus.IN_PROGRESS:
        raise errors.already_completed()
    return locked


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    inspection_id: int,
    item_code: str,
    verdict: str | None,
    note: str | None = None,
    clock: Clock = system_clock,
) -> InspectionResult:
    """The technician's verdict on one item (None keeps it, to save only a note); agreeing with a suggestion
    confirms it, anything else overrides it."""
    inspection = _locked_open(actor, inspection_id)
    result = InspectionResult.objects.filter(inspection=inspection, item__code=item_code).select_related("item").first()
    if result is None:
        raise errors.item_unknown()
    if verdict is not None and verdict not in Verdict.values:
        raise errors.verdict_invalid()
    if note is not None and len(note) > NOTE_MAX:
        raise errors.invalid_input({"note": [_("Keep the note under 500 characters.")]})
    if verdict is None:
        if note is not None:
            result.note = note.strip()
            result.save(update_fields=["note"])
        return result
    result.verdict = verdict
    result.suggestion_state = rules.suggestion_state(result.suggested_verdict, verdict)
    if note is not None:
        result.note = note.strip()
    result.decided_by_id = actor.user_id
    result.decided_at = clock.now()
    result.save(update_fields=["verdict", "suggestion_state", "note", "decided_by", "decided_at"])
    return result


@transaction.atomic
def section_mark_ok(*, actor: Actor, inspection_id: int, section_code: str, clock: Clock = system_clock) -> int:
    """Mark the section's undecided items ok, except items the machine flagged: those need a person's look."""
    inspection = _locked_open(actor, inspection_id)
    rows = InspectionResult.objects.filter(
        inspection=inspection, item__section__code=section_code, verdict="", suggested_verdict=""
    )
    return rows.update(verdict=Verdict.OK, decided_by_id=actor.user_id, decided_at=clock.now())


@transaction.atomic
def photo_add(*, actor: Actor, inspection_id: int, item_code: str, upload: IO[bytes], size: int | None) -> ResultPhoto:
    """Attach a checked, re-encoded photo to one item of an open inspection."""
    inspection = _locked_open(actor, inspection_id)
    result = InspectionResult.objects.filter(inspection=inspection, item__code=item_code).first()
    if result is None:
        raise errors.item_unknown()
    if result.photos.count() >= MAX_PHOTOS_PER_ITEM:
        raise errors.photo_invalid(_("An item can have at most 8 photos."))
    image = images.clean(upload, size=size)
    photo = ResultPhoto(
        result=result,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        size=len(image.content),
        uploaded_by_id=actor.user_id,
    )
    photo.file.save(f"{secrets.token_hex(16)}.jpg", ContentFile(image.content), save=False)
    photo.save()
    return photo


@transaction.atomic
def inspection_complete(
    *, actor: Actor, inspection_id: int, odometer_km: int | None = None, clock: Clock = system_clock
) -> Inspection:
    """Finish once every item has a verdict: grade, odometer reading, history event, carried-over findings."""
    inspection = _locked_open(actor, inspection_id)
    problems = _km_problems(odometer_km)
    if problems:
        raise errors.invalid_input({"odometer_km": list(problems)})
    results = list(inspection.results.select_related("item").order_by("item__position"))
    missing = rules.missing_verdicts((r.item.code, r.verdict) for r in results)
    if missing:
        names = [r.item.name for r in results if r.item.code in set(missing)]
        raise errors.incomplete(missing, names)
    now = clock.now()
    km = odometer_km if odometer_km is not None else inspection.odometer_km
    if km is not None:
        odometer_record(
            actor=actor,
            vehicle_id=inspection.vehicle_id,
            km=km,
            read_at=now,
            source=OdometerSource.INSPECTION,
            note=f"{inspection.template.code} #{inspection.pk}",
            clock=clock,
        )
    _grade(inspection, results, km, now)
    _findings_update(inspection, results, now)
    event_record(
        vehicle_id=inspection.vehicle_id,
        event_type=HistoryEventType.INSPECTION_COMPLETED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "inspection": inspection.pk,
            "template": inspection.template.code,
            "version": inspection.template.version,
            "store": inspection.store_id,
            "km": km,
            "ok": inspection.ok_count,
            "attention": inspection.attention_count,
            "urgent": inspection.urgent_count,
            "grade": inspection.grade,
            "accident_suspected": inspection.accident_suspected,
        },
    )
    return inspection


def _grade(inspection: Inspection, results: list[InspectionResult], km: int | None, now: dt.datetime) -> None:
    counts = {v: sum(1 for r in results if r.verdict == v) for v in Verdict.values}
    accident = rules.accident_suspected((r.item.structural, r.verdict) for r in results)
    inspection.ok_count = counts[Verdict.OK]
    inspection.attention_count = counts[Verdict.ATTENTION]
    inspection.urgent_count = counts[Verdict.URGENT]
    inspection.accident_suspected = accident
    inspection.grade = rules.condition_grade(counts[Verdict.ATTENTION], counts[Verdict.URGENT], accident=accident)
    inspection.status = InspectionStatus.COMPLETED
    inspection.completed_at = now
    inspection.odometer_km = km
    inspection.save()


def _findings_update(inspection: Inspection, results: list[InspectionResult], now: dt.datetime) -> None:
    open_rows = {
        f.item_code: f
        for f in Finding.objects.select_for_update().filter(vehicle_id=inspection.vehicle_id, status=FindingStatus.OPEN)
    }
    carry, resolved = rules.finding_changes(open_rows, ((r.item.code, r.verdict) for r in results))
    by_code = {r.item.code: r for r in results}
    for code, severity in carry.items():
        result = by_code[code]
        finding = open_rows.get(code)
        if finding is None:
            Finding.objects.create(
                vehicle_id=inspection.vehicle_id,
                item_code=code,
                name_zh=result.item.name_zh,
                name_en=result.item.name_en,
                severity=severity,
                note=result.note,
                first_inspection=inspection,
                last_inspection=inspection,
                opened_at=now,
            )
        else:
            finding.severity, finding.note, finding.last_inspection = severity, result.note, inspection
            finding.save(update_fields=["severity", "note", "last_inspection"])
    for code in resolved:
        finding = open_rows[code]
        finding.status, finding.resolved_by, finding.resolved_at = FindingStatus.RESOLVED, inspection, now
        finding.save(update_fields=["status", "resolved_by", "resolved_at"])


@transaction.atomic
def trouble_codes_record(
    *,
    actor: Actor,
    vehicle_id: int,
    codes: list[str],
    odometer_km: int | None = None,
    read_at: dt.datetime | None = None,
    clock: Clock = system_clock,
) -> list[VehicleTroubleCode]:
    """Record the codes a scan tool read from a car; they pre-fill its next inspection."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    _require(actor)
    cleaned = [c.strip().upper() for c in codes if c.strip()]
    bad = [c for c in cleaned if not _dtc_ok(c)]
    if not cleaned or bad:
        raise errors.dtc_invalid(bad[0] if bad else "")
    problems = _km_problems(odometer_km)
    if problems:
        raise errors.invalid_input({"odometer_km": list(problems)})
    meanings = dict(TroubleCode.objects.filter(code__in=cleaned, manufacturer="").values_list("code", "description"))
    when = read_at or clock.now()
    rows = [
        VehicleTroubleCode(
            vehicle=vehicle,
            code=c,
            description=meanings.get(c, ""),
            read_at=when,
            odometer_km=odometer_km,
            status=TroubleCodeStatus.ACTIVE,
            recorded_by_id=actor.user_id,
        )
        for c in dict.fromkeys(cleaned)
    ]
    return VehicleTroubleCode.objects.bulk_create(rows)


def _dtc_ok(code: str) -> bool:
    return len(code) == 5 and code[0] in "PCBU" and code[1:].isalnum() and code[1] in "0123"
