"""API shapes for valuations and one-price offers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import StrictInt

from aftercare.valuation import present
from aftercare.valuation.engine import Valuation
from aftercare.valuation.models import Offer


class QuoteIn(Schema):
    make: str = Field(max_length=50, description="As the model knows it, e.g. 'audi', 'vw', 'toyota'")
    model: str = Field(max_length=100, description="e.g. 'a4', 'passat', 'corolla'")
    model_year: StrictInt
    mileage_km: StrictInt
    fuel: str | None = Field(None, max_length=20)
    transmission: str | None = Field(None, max_length=20)
    engine_l: float | None = None
    condition_grade: str | None = Field(None, max_length=16, description="excellent | good | fair | poor")


class FactorOut(Schema):
    code: str
    direction: str
    amount: float
    text: str


class MeasuredOut(Schema):
    n: int | None = None
    mape: float | None = None
    within_5pct: float | None = None
    interval_coverage: float | None = None


class ValuationOut(Schema):
    price: Decimal
    low: Decimal
    high: Decimal
    currency: str
    interval_coverage: float = Field(description="the interval's nominal coverage (0.8)")
    model_price: Decimal = Field(description="before the condition and market adjustments")
    condition_grade: str | None
    condition_multiplier: Decimal
    market_factor: Decimal
    factors: list[FactorOut]
    model_known: bool
    missing_inputs: list[str]
    schema_name: str = Field(description="the data schema the model was trained on: uk | tianchi | cardekho")
    market: str
    model_sha256: str
    priced_by: str = Field(
        description="'full' when the car has every input of the training file; otherwise the fallback part, "
        "named by the inputs that were blank, e.g. 'blank:engine_l'"
    )
    measured: MeasuredOut = Field(
        description="the model's hold-out accuracy for cars given the same inputs as this one (stored at training)"
    )

    @staticmethod
    def of(v: Valuation) -> ValuationOut:
        m: dict[str, Any] = v.measured
        return ValuationOut(
            price=v.price,
            low=v.low,
            high=v.high,
            currency=v.currency,
            interval_coverage=0.8,
            model_price=v.model_price,
            condition_grade=v.condition.grade if v.condition else None,
            condition_multiplier=v.condition_multiplier,
            market_factor=v.market_factor,
            factors=[FactorOut(**row) for row in present.factor_rows(v.factors, v.currency)],
            model_known=v.model_known,
            missing_inputs=list(v.missing_inputs),
            schema_name=v.schema,
            market=v.market,
            model_sha256=v.model_sha256,
            priced_by=v.priced_by,
            measured=MeasuredOut(**{k: m.get(k) for k in ("n", "mape", "within_5pct", "interval_coverage")}),
        )


class OfferPriceOut(Schema):
    revision: int
    reason: str
    computed_at: dt.datetime
    price: Decimal
    low: Decimal
    high: Decimal
    model_price: Decimal
    condition_grade: str
    condition_multiplier: Decimal
    market_factor: Decimal
    sales_used: int
    sales_trimmed: int


class OfferOut(Schema):
    id: int
    vehicle_id: int
    status: str
    link_token: str = Field(alias="token")
    created_at: dt.datetime
    currency: str
    price: Decimal
    low: Decimal
    high: Decimal
    revision: int
    priced_at: dt.datetime
    model_schema: str
    services: list[str]
    warranty_tier: str
    warranty_months: int
    warranty_km: int
    warranty_systems: list[str]
    return_days: int
    legal_minimum_applied: bool


class OfferDocumentOut(Schema):
    """What the link shows the owner or buyer: no ids, no personal data."""

    status: str
    currency: str
    price: Decimal
    low: Decimal
    high: Decimal
    revision: int
    priced_at: dt.datetime
    vehicle: str
    model_year: int | None
    services: list[str]
    warranty_tier: str
    warranty_months: int
    warranty_km: int
    warranty_systems: list[str]
    return_days: int

    @staticmethod
    def of(offer: Offer) -> OfferDocumentOut:
        v = offer.vehicle
        return OfferDocumentOut(
            status=offer.status,
            currency=offer.currency,
            price=offer.price,
            low=offer.low,
            high=offer.high,
            revision=offer.revision,
            priced_at=offer.priced_at,
            vehicle=f"{v.brand} {v.model}".strip(),
            model_year=v.model_year,
            services=list(offer.services),
            warranty_tier=offer.warranty_tier,
            warranty_months=offer.warranty_months,
            warranty_km=offer.warranty_km,
            warranty_systems=list(offer.warranty_systems),
            return_days=offer.return_days,
        )
