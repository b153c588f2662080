"""Inspection endpoints: start, record an item's verdict, complete, the report as JSON or PDF, findings, codes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router, Status

from aftercare.inspections import report as report_lib
from aftercare.inspections import selectors, services
from aftercare.inspections.models import Finding, Inspection, InspectionResult, VehicleTroubleCode
from aftercare.inspections.pdf import pdf_attachment
from aftercare.inspections.schemas import (
    CompleteIn,
    FindingOut,
    InspectionDetailOut,
    InspectionOut,
    InspectionStartIn,
    ReportOut,
    ResultIn,
    ResultOut,
    TroubleCodeOut,
    TroubleCodesIn,
)
from aftercare.kernel.api import ObjectId
from aftercare.kernel.http import actor_of
from aftercare.vehicles.selectors import vehicle_get

router = Router()


def _out(i: Inspection) -> dict[str, Any]:
    return {
        "id": i.pk,
        "vehicle_id": i.vehicle_id,
        "template": i.template.code,
        "template_version": i.template.version,
        "kind": i.template.kind,
        "store_id": i.store_id,
        "technician_id": i.technician_id,
        "status": i.status,
        "odometer_km": i.odometer_km,
        "started_at": i.started_at,
        "completed_at": i.completed_at,
        "grade": i.grade,
        "ok_count": i.ok_count,
        "attention_count": i.attention_count,
        "urgent_count": i.urgent_count,
        "accident_suspected": i.accident_suspected,
    }


def _result(r: InspectionResult) -> dict[str, Any]:
    return {
        "item_code": r.item.code,
        "section": r.item.section.code,
        "name_zh": r.item.name_zh,
        "name_en": r.item.name_en,
        "suggested_verdict": r.suggested_verdict,
        "suggestion_state": r.suggestion_state,
        "verdict": r.verdict,
        "note": r.note,
        "suggestions": [
            {"verdict": s.verdict, "source": s.source, "reason": s.reason, "text": report_lib.reason_text(s)}
            for s in r.suggestions.all()
        ],
        "photo_count": len(r.photos.all()),
    }


def _detail(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    inspection = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    return _out(inspection) | {"results": [_result(r) for r in selectors.result_list(inspection=inspection)]}


@router.get("/vehicles/{vehicle_id}/inspections", response=list[InspectionOut], summary="A car's inspections")
def inspection_list(request: HttpRequest, vehicle_id: ObjectId) -> list[dict[str, Any]]:
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return [_out(i) for i in selectors.inspection_list(actor=actor_of(request), vehicle_id=vehicle.pk)[:100]]


@router.post(
    "/vehicles/{vehicle_id}/inspections",
    response={201: InspectionDetailOut},
    summary="Start a health check or appraisal (items pre-filled with machine suggestions)",
)
def inspection_start(request: HttpRequest, vehicle_id: ObjectId, payload: InspectionStartIn) -> Status[dict[str, Any]]:
    inspection = services.inspection_start(
        actor=actor_of(request), vehicle_id=vehicle_id, template_code=payload.template, odometer_km=payload.odometer_km
    )
    return Status(201, _detail(request, inspection.pk))


@router.get("/inspections/{inspection_id}", response=InspectionDetailOut, summary="An inspection, item by item")
def inspection_get(request: HttpRequest, inspection_id: ObjectId) -> dict[str, Any]:
    return _detail(request, inspection_id)


@router.post(
    "/inspections/{inspection_id}/results",
    response=ResultOut,
    summary="Record the technician's verdict on one item (confirms or overrides the suggestion)",
)
def result_record(request: HttpRequest, inspection_id: ObjectId, payload: ResultIn) -> dict[str, Any]:
    result = services.result_record(
        actor=actor_of(request),
        inspection_id=inspection_id,
        item_code=payload.item_code,
        verdict=payload.verdict,
        note=payload.note,
    )
    fresh = next(r for r in selectors.result_list(inspection=result.inspection) if r.pk == result.pk)
    return _result(fresh)


@router.post("/inspections/{inspection_id}/complete", response=InspectionOut, summary="Complete the inspection")
def inspection_complete(request: HttpRequest, inspection_id: ObjectId, payload: CompleteIn) -> dict[str, Any]:
    inspection = services.inspection_complete(
        actor=actor_of(request), inspection_id=inspection_id, odometer_km=payload.odometer_km
    )
    return _out(inspection)


def _share_url(request: HttpRequest, inspection: Inspection) -> str:
    if not inspection.is_completed:
        return ""
    return request.build_absolute_uri(reverse("public:inspection-report", args=[inspection.share_token]))


@router.get(
    "/inspections/{inspection_id}/report",
    response=ReportOut,
    summary="The owner's plain-language report (Accept-Language: zh-Hans or en)",
)
def inspection_report(request: HttpRequest, inspection_id: ObjectId) -> dict[str, Any]:
    inspection = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    report = report_lib.build(inspection)
    return {
        "inspection_id": inspection.pk,
        "title": report.title,
        "language": get_language() or "",
        "grade": report.grade,
        "grade_text": report.grade_text,
        "ok_count": report.ok_count,
        "attention_count": report.attention_count,
        "urgent_count": report.urgent_count,
        "accident_suspected": report.accident_suspected,
        "completed_at": inspection.completed_at,
        "findings": [
            {
                "item_code": f.code,
                "verdict": f.verdict,
                "name": f.name,
                "section": f.section,
                "explanation": f.explanation,
                "next_step": f.next_step,
                "note": f.note,
            }
            for f in report.findings
        ],
        "share_url": _share_url(request, inspection),
    }


@router.get(
    "/inspections/{inspection_id}/report.pdf",
    summary="The owner's report as a PDF",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def inspection_pdf(request: HttpRequest, inspection_id: ObjectId) -> HttpResponse:
    inspection = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    return pdf_attachment(inspection, _share_url(request, inspection))


@router.get("/vehicles/{vehicle_id}/findings", response=list[FindingOut], summary="Open findings carried over")
def finding_list(request: HttpRequest, vehicle_id: ObjectId) -> list[Finding]:
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return selectors.vehicle_open_findings(vehicle_id=vehicle.pk)


@router.post(
    "/vehicles/{vehicle_id}/trouble-codes",
    response={201: list[TroubleCodeOut]},
    summary="Record trouble codes read from the car (they pre-fill its next inspection)",
)
def trouble_codes_record(
    request: HttpRequest, vehicle_id: ObjectId, payload: TroubleCodesIn
) -> Status[list[VehicleTroubleCode]]:
    rows = services.trouble_codes_record(
        actor=actor_of(request), vehicle_id=vehicle_id, codes=payload.codes, odometer_km=payload.odometer_km
    )
    return Status(201, rows)
