"""Recall endpoints: parse → authorize → one service or selector → schema."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from aftercare.kernel.api import ObjectId, Page, query_text
from aftercare.kernel.http import actor_of
from aftercare.recalls import selectors, services
from aftercare.recalls.inputs import CampaignInput, CoverageInput
from aftercare.recalls.models import RecallCampaign, VehicleRecall
from aftercare.recalls.schemas import (
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CampaignVehicleOut,
    CompleteIn,
    VehicleRecallOut,
)

router = Router()


@router.get("/recalls/campaigns", response=list[CampaignOut], summary="List or search recall campaigns")
@paginate(Page)
def campaign_list(request: HttpRequest, q: str = "", kind: str = "", source: str = "") -> QuerySet[RecallCampaign]:
    return selectors.campaign_list(
        actor=actor_of(request),
        query=query_text(q, field="q", max_length=60),
        kind=query_text(kind, field="kind", max_length=20),
        source=query_text(source, field="source", max_length=16),
    )


@router.post("/recalls/campaigns", response={201: CampaignDetailOut}, summary="Create a campaign by hand")
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[RecallCampaign]:
    actor = actor_of(request)
    data = CampaignInput(
        **payload.dict(exclude={"coverages"}),
        coverages=[CoverageInput(**row.dict()) for row in payload.coverages],
    )
    campaign = services.campaign_create(actor=actor, data=data)
    return Status(201, selectors.campaign_get(actor=actor, campaign_id=campaign.pk))


@router.get("/recalls/campaigns/{campaign_id}", response=CampaignDetailOut, summary="One campaign with its coverage")
def campaign_get(request: HttpRequest, campaign_id: ObjectId) -> RecallCampaign:
    return selectors.campaign_get(actor=actor_of(request), campaign_id=campaign_id)


@router.get(
    "/recalls/campaigns/{campaign_id}/vehicles",
    response=list[CampaignVehicleOut],
    summary="Cars in your scope the campaign matched",
)
@paginate(Page)
def campaign_vehicle_list(request: HttpRequest, campaign_id: ObjectId, status: str = "") -> QuerySet[VehicleRecall]:
    actor = actor_of(request)
    selectors.campaign_get(actor=actor, campaign_id=campaign_id)
    status = query_text(status, field="status", max_length=16)
    return selectors.campaign_vehicle_list(actor=actor, campaign_id=campaign_id, status=status)


@router.get(
    "/vehicles/{vehicle_id}/recalls", response=list[VehicleRecallOut], summary="Recalls and upgrades of one car"
)
def vehicle_recall_list(request: HttpRequest, vehicle_id: ObjectId) -> list[VehicleRecall]:
    return selectors.vehicle_recall_list(actor=actor_of(request), vehicle_id=vehicle_id)


@router.post(
    "/recalls/vehicle-recalls/{vehicle_recall_id}/complete",
    response=VehicleRecallOut,
    summary="Record a recall as done on a car (by hand, or naming the work order)",
)
def vehicle_recall_complete(request: HttpRequest, vehicle_recall_id: ObjectId, payload: CompleteIn) -> VehicleRecall:
    actor = actor_of(request)
    services.vehicle_recall_complete(
        actor=actor, vehicle_recall_id=vehicle_recall_id, work_order_ref=payload.work_order_ref, note=payload.note
    )
    return selectors.vehicle_recall_get(actor=actor, vehicle_recall_id=vehicle_recall_id)
