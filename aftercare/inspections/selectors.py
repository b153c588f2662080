"""Reads of inspections, reports, findings and trouble codes; scoped through the vehicle the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from aftercare.inspections import errors
from aftercare.inspections.choices import FindingStatus, InspectionStatus, TroubleCodeStatus
from aftercare.inspections.models import (
    Finding,
    Inspection,
    InspectionResult,
    InspectionTemplate,
    ResultPhoto,
    Suggestion,
    TemplateItem,
    VehicleTroubleCode,
)
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.vehicles.selectors import vehicle_scope


@dataclass(frozen=True)
class VehicleCondition:
    """The car's condition from its latest completed health check or appraisal."""

    grade: str  # "excellent" | "good" | "fair" | "poor"
    urgent_count: int
    attention_count: int
    inspected_at: dt.datetime
    inspection_id: int
    accident_suspected: bool


def vehicle_condition(*, vehicle_id: int) -> VehicleCondition | None:
    """Unscoped (callers hold a scoped vehicle): the latest completed inspection's grade and counts, or None."""
    latest = (
        Inspection.objects.filter(vehicle_id=vehicle_id, status=InspectionStatus.COMPLETED)
        .order_by("-completed_at", "-id")
        .only("id", "grade", "urgent_count", "attention_count", "completed_at", "accident_suspected")
        .first()
    )
    if latest is None or latest.completed_at is None:
        return None
    return VehicleCondition(
        grade=latest.grade,
        urgent_count=latest.urgent_count,
        attention_count=latest.attention_count,
        inspected_at=latest.completed_at,
        inspection_id=latest.pk,
        accident_suspected=latest.accident_suspected,
    )


def vehicle_open_findings(*, vehicle_id: int) -> list[Finding]:
    """Unscoped: findings not yet fixed (urgent first), for the next check-in and the next inspection."""
    qs = Finding.objects.filter(vehicle_id=vehicle_id, status=FindingStatus.OPEN)
    return sorted(qs.select_related("last_inspection"), key=lambda f: (f.severity != "urgent", f.opened_at, f.pk))


def template_current_list() -> list[InspectionTemplate]:
    """The current version of every template (what a new inspection uses), health checks first."""
    rows = InspectionTemplate.objects.filter(is_current=True)
    return sorted(rows, key=lambda t: (t.kind != "health_check", t.code))


def _inspection_scope(actor: Actor) -> Q:
    return Q(vehicle__in=_vehicles_in_scope(actor))


def _vehicles_in_scope(actor: Actor) -> QuerySet:
    from aftercare.vehicles.models import Vehicle

    return Vehicle.objects.filter(vehicle_scope(actor)).values("pk")


def inspection_list(*, actor: Actor, vehicle_id: int) -> QuerySet[Inspection]:
    """A scoped vehicle's inspections, newest first; owners see completed ones only."""
    qs = Inspection.objects.filter(_inspection_scope(actor), vehicle_id=vehicle_id)
    if actor.kind == ActorKind.OWNER:
        qs = qs.filter(status=InspectionStatus.COMPLETED)
    return qs.select_related("template", "store", "technician").order_by("-started_at", "-id")


def inspection_get(*, actor: Actor, inspection_id: int) -> Inspection:
    """One inspection whose car the actor may see; owners only see completed reports."""
    qs = Inspection.objects.filter(_inspection_scope(actor), pk=inspection_id)
    if actor.kind == ActorKind.OWNER:
        qs = qs.filter(status=InspectionStatus.COMPLETED)
    inspection = qs.select_related("template", "store", "technician", "vehicle").first()
    if inspection is None:
        raise errors.inspection_not_found()
    return inspection


def inspection_by_token(*, token: str) -> Inspection:
    """A completed report opened through its share link; a wrong token is a plain 404."""
    if not token or len(token) < 20:
        raise errors.inspection_not_found()
    inspection = (
        Inspection.objects.filter(share_token=token, status=InspectionStatus.COMPLETED)
        .select_related("template", "store", "technician", "vehicle")
        .first()
    )
    if inspection is None:
        raise errors.inspection_not_found()
    return inspection


def result_list(*, inspection: Inspection) -> list[InspectionResult]:
    """Every item result of an inspection in template order, with item, section, suggestions and photos."""
    qs = (
        InspectionResult.objects.filter(inspection=inspection)
        .select_related("item", "item__section")
        .prefetch_related(
            Prefetch("suggestions", queryset=Suggestion.objects.order_by("id")),
            Prefetch("photos", queryset=ResultPhoto.objects.order_by("id")),
        )
        .order_by("item__section__position", "item__position")
    )
    return list(qs)


def template_items(*, template: InspectionTemplate) -> QuerySet[TemplateItem]:
    """The items of a template version, in order."""
    return TemplateItem.objects.filter(template=template).select_related("section").order_by("position")


def photo_get(*, actor: Actor, photo_id: int) -> ResultPhoto:
    """A photo of an inspection the actor may see (owners: completed reports of their current cars)."""
    scope = Q(result__inspection__vehicle__in=_vehicles_in_scope(actor))
    qs = ResultPhoto.objects.filter(scope, pk=photo_id)
    if actor.kind == ActorKind.OWNER:
        qs = qs.filter(result__inspection__status=InspectionStatus.COMPLETED)
    photo = qs.first()
    if photo is None:
        raise errors.photo_not_found()
    return photo


def photo_by_token(*, token: str, photo_id: int) -> ResultPhoto:
    """A photo of a shared, completed report."""
    inspection = inspection_by_token(token=token)
    photo = ResultPhoto.objects.filter(pk=photo_id, result__inspection=inspection).first()
    if photo is None:
        raise errors.photo_not_found()
    return photo


def active_trouble_codes(*, vehicle_id: int, since: dt.datetime | None = None) -> list[VehicleTroubleCode]:
    """Codes read from the car and not cleared (optionally only those read since a moment), newest first."""
    qs = VehicleTroubleCode.objects.filter(vehicle_id=vehicle_id, status=TroubleCodeStatus.ACTIVE)
    if since is not None:
        qs = qs.filter(read_at__gte=since)
    return list(qs.order_by("-read_at", "id"))
