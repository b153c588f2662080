"""Reads of recall campaigns and of the campaigns matched to cars, scoped by the actor."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.recalls import errors, rules
from aftercare.recalls.choices import VehicleRecallStatus
from aftercare.recalls.models import RecallCampaign, RecallCoverage, VehicleRecall
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.selectors import vehicle_get, vehicle_scope

QUERY_MAX = 60


def vehicle_open_recalls(*, vehicle_id: int) -> list[VehicleRecall]:
    """Open campaigns matched to one car, safety recalls first, with the campaign loaded.

    Unscoped: callers have already loaded the vehicle through a scoped selector (check-in, inspections).
    """
    qs = VehicleRecall.objects.filter(vehicle_id=vehicle_id, status=VehicleRecallStatus.OPEN)
    return list(qs.select_related("campaign").order_by("campaign__kind", "-campaign__report_date", "id"))


def vehicle_recalls(*, vehicle_id: int) -> list[VehicleRecall]:
    """Every campaign matched to one car, open first; unscoped, for pages that already loaded the car."""
    qs = VehicleRecall.objects.filter(vehicle_id=vehicle_id).select_related("campaign", "vehicle", "completed_by")
    return sorted(qs, key=lambda r: (r.status != VehicleRecallStatus.OPEN, r.campaign.kind, -r.matched_at.timestamp()))


def vehicle_recall_list(*, actor: Actor, vehicle_id: int) -> list[VehicleRecall]:
    """Every campaign matched to a car the actor can see: open ones first, then completed, newest first."""
    vehicle_get(actor=actor, vehicle_id=vehicle_id)  # a foreign car is reported like a missing one
    return vehicle_recalls(vehicle_id=vehicle_id)


def _staff_only(actor: Actor) -> None:
    if actor.kind not in (ActorKind.STAFF, ActorKind.OPERATOR):
        raise errors.campaign_not_found()


def _search_q(query: str) -> Q:
    text = query.strip()[:QUERY_MAX]
    folded = text.upper()
    by_key = Q(coverages__make_key=rules.make_key(text)) | Q(coverages__model_key=rules.model_key(text))
    return (
        Q(number__istartswith=folded)
        | by_key
        | Q(manufacturer__icontains=text)
        | Q(component__icontains=text)
        | Q(summary__icontains=text)
    )


def campaign_list(*, actor: Actor, query: str = "", kind: str = "", source: str = "") -> QuerySet[RecallCampaign]:
    """Campaigns matching a search (number, make, model, component or words of the summary), newest first."""
    if not actor.is_staff_side:
        raise errors.not_allowed()
    qs = RecallCampaign.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if source:
        qs = qs.filter(source=source)
    if query.strip():
        ids = RecallCampaign.objects.filter(_search_q(query)).values("pk")
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-report_date", "-id")


def campaigns_with_counts(*, actor: Actor, campaigns: list[RecallCampaign]) -> list[RecallCampaign]:
    """Add open_count (open matches on cars the actor can see) to a page of campaigns, in one query."""
    visible = Vehicle.objects.filter(vehicle_scope(actor)).values("pk")
    counts = dict(
        VehicleRecall.objects.filter(
            campaign_id__in=[c.pk for c in campaigns], status=VehicleRecallStatus.OPEN, vehicle_id__in=visible
        )
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    for campaign in campaigns:
        campaign.open_count = counts.get(campaign.pk, 0)  # type: ignore[attr-defined]
    return campaigns


def campaign_get(*, actor: Actor, campaign_id: int) -> RecallCampaign:
    """One campaign with its coverage rows."""
    _staff_only(actor)
    coverages = Prefetch("coverages", queryset=RecallCoverage.objects.order_by("make", "model", "year_from", "id"))
    campaign = RecallCampaign.objects.prefetch_related(coverages).filter(pk=campaign_id).first()
    if campaign is None:
        raise errors.campaign_not_found()
    return campaign


def campaign_vehicle_list(*, actor: Actor, campaign_id: int, status: str = "") -> QuerySet[VehicleRecall]:
    """The cars in the actor's scope a campaign matched (the affected vehicles in the group)."""
    visible = Vehicle.objects.filter(vehicle_scope(actor)).values("pk")
    qs = VehicleRecall.objects.filter(campaign_id=campaign_id, vehicle_id__in=visible)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("vehicle", "completed_by").order_by("status", "-matched_at", "id")


def vehicle_recall_get(*, actor: Actor, vehicle_recall_id: int) -> VehicleRecall:
    """One matched campaign on a car the actor can see."""
    visible = Vehicle.objects.filter(vehicle_scope(actor)).values("pk")
    found = (
        VehicleRecall.objects.filter(pk=vehicle_recall_id, vehicle_id__in=visible)
        .select_related("campaign", "vehicle", "completed_by")
        .first()
    )
    if found is None:
        raise errors.vehicle_recall_not_found()
    return found


def vehicle_has_open_recalls(*, vehicle_ids: list[int]) -> set[int]:
    """Which of these cars have at least one open campaign (for lists and check-in queues)."""
    open_q = VehicleRecall.objects.filter(vehicle_id=OuterRef("pk"), status=VehicleRecallStatus.OPEN)
    return set(Vehicle.objects.filter(pk__in=vehicle_ids).filter(Exists(open_q)).values_list("pk", flat=True))
