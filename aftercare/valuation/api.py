"""Valuation endpoints: parse → authorize → one service or selector → schema."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Status

from aftercare.kernel.api import ObjectId
from aftercare.kernel.http import actor_of
from aftercare.valuation import selectors, services
from aftercare.valuation.models import Offer
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.valuation.schemas import OfferDocumentOut, OfferOut, QuoteIn, ValuationOut

router = Router()


@router.post("/valuation/quotes", response=ValuationOut, summary="Value a car described by its facts")
def quote(request: HttpRequest, payload: QuoteIn) -> ValuationOut:
    facts = CarFacts(
        make=payload.make,
        model=payload.model,
        model_year=payload.model_year,
        mileage_km=payload.mileage_km,
        fuel=payload.fuel,
        transmission=payload.transmission,
        engine_l=payload.engine_l,
    )
    valuation = selectors.facts_valuation(actor=actor_of(request), facts=facts, condition_grade=payload.condition_grade)
    return ValuationOut.of(valuation)


@router.get(
    "/vehicles/{vehicle_id}/valuation",
    response=ValuationOut,
    summary="What a car is worth: price, 80 % interval, main factors",
)
def vehicle_valuation(request: HttpRequest, vehicle_id: ObjectId) -> ValuationOut:
    return ValuationOut.of(selectors.vehicle_valuation(actor=actor_of(request), vehicle_id=vehicle_id))


@router.post("/vehicles/{vehicle_id}/offers", response={201: OfferOut}, summary="Make a one-price offer (一口价)")
def offer_create(request: HttpRequest, vehicle_id: ObjectId) -> Status[Offer]:
    offer = services.offer_create(actor=actor_of(request), vehicle_id=vehicle_id)
    return Status(201, offer)


@router.get("/offers/{offer_id}", response=OfferOut, summary="One offer (staff of its dealer group, its owner)")
def offer_get(request: HttpRequest, offer_id: ObjectId) -> Offer:
    return selectors.offer_get(actor=actor_of(request), offer_id=offer_id)


@router.get(
    "/offers/by-link/{token}",
    response=OfferDocumentOut,
    auth=None,
    summary="The offer document behind a link (no login; the link is the key)",
)
def offer_document(request: HttpRequest, token: Annotated[str, Path(max_length=64)]) -> OfferDocumentOut:
    return OfferDocumentOut.of(selectors.offer_by_token(token=token))
