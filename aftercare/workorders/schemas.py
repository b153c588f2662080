"""API shapes for work orders. Money is a Decimal string ("662.40"); no personal data leaves here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from aftercare.workorders.models import EstimateLine, WorkOrder


class WalkInIn(Schema):
    vehicle_id: StrictInt = Field(ge=1, le=2**53)
    job_type_id: StrictInt = Field(ge=1, le=2**53)
    odometer_km: StrictInt | None = None
    fuel_level: str = Field(max_length=3, description="0 | 25 | 50 | 75 | 100")
    concerns: str = Field("", max_length=2000)


class TransitionIn(Schema):
    to_state: str = Field(max_length=16)
    note: str = Field("", max_length=400)


class LineIn(Schema):
    kind: str = Field(max_length=8, description="labour | part")
    job_type_id: StrictInt = Field(ge=1, le=2**53)
    description: str = Field(max_length=200)
    hours: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    technician_level: str = Field("", max_length=16, description="junior | intermediate | senior (labour)")
    part_number: str = Field("", max_length=80)
    brand: str = Field("", max_length=80)
    part_class: str = Field("", max_length=16, description="original | equivalent | remanufactured")
    quantity: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    unit: str = Field("", max_length=16)
    unit_price: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    vehicle_recall_id: StrictInt | None = Field(None, ge=1, le=2**53)
    carried_over_from_id: StrictInt | None = Field(None, ge=1, le=2**53)


class DecisionIn(Schema):
    decision: str = Field(max_length=8, description="approved | declined")
    channel: str | None = Field(None, max_length=8, description="phone | in_store (staff recording the owner's word)")


class ProgressIn(Schema):
    text: str = Field(max_length=1000)
    part_name: str = Field("", max_length=120)
    part_brand: str = Field("", max_length=80)
    part_number: str = Field("", max_length=80)


class QualityCheckIn(Schema):
    passed: StrictBool
    notes: str = Field("", max_length=1000)


class DeliveryIn(Schema):
    steps: list[str] = Field(max_length=6)
    old_parts_disposal: str = Field("", max_length=16)
    next_service_date: dt.date | None = None
    next_service_km: StrictInt | None = None


class PaymentIn(Schema):
    channel: str = Field(max_length=8, description="wechat | alipay")
    idempotency_key: str = Field(max_length=100, description="8–64 of [A-Za-z0-9_-]; the same key replays")


class RatingIn(Schema):
    stars: StrictInt | None = None
    comment: str = Field("", max_length=1000)


class LineOut(Schema):
    id: int
    kind: str
    job_type: str
    description: str
    technician_level: str
    hours: Decimal | None
    hourly_rate: Decimal | None
    part_number: str
    brand: str
    part_class: str
    quantity: Decimal | None
    unit: str
    unit_price: Decimal | None
    amount: Decimal
    vat_rate: Decimal
    decision: str
    decided_at: dt.datetime | None
    decision_channel: str

    @staticmethod
    def resolve_job_type(obj: EstimateLine) -> str:
        return obj.job_type.code


class WorkOrderOut(Schema):
    id: int
    number: str
    status: str
    store_id: int
    vehicle_id: int
    job_type: str
    booked_for: dt.datetime | None
    checked_in_at: dt.datetime | None
    odometer_km: int | None
    fuel_level: str
    delivered_at: dt.datetime | None
    closed_at: dt.datetime | None
    rating: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_job_type(obj: WorkOrder) -> str:
        return obj.job_type.code


class WorkOrderDetailOut(WorkOrderOut):
    concerns: str
    lines: list[LineOut]
    next_states: list[str]
    next_service_date: dt.date | None
    guarantee_until: dt.date | None
    guarantee_until_km: int | None

    @staticmethod
    def resolve_lines(obj: WorkOrder) -> list[Any]:
        return list(obj.lines.all())


class ProgressOut(Schema):
    id: int
    text: str
    part_name: str
    part_brand: str
    part_number: str
    posted_at: dt.datetime
    author: str
    attachments: list[int]

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.author.display_name)

    @staticmethod
    def resolve_attachments(obj: Any) -> list[int]:
        return [a.pk for a in obj.attachments.all()]


class DiscountOut(Schema):
    source: str
    label: str
    amount: Decimal


class InvoiceLineOut(Schema):
    kind: str
    job_type: str
    description: str
    part_number: str = ""
    brand: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    hours: Decimal | None = None
    hourly_rate: Decimal | None = None
    amount: Decimal
    discounts: list[DiscountOut]
    discount: Decimal
    payable: Decimal
    vat_rate: Decimal
    net: Decimal
    tax: Decimal


class InvoiceOut(Schema):
    issued: bool
    number: str | None
    issued_at: dt.datetime | None
    prices_include_vat: bool = True
    lines: list[InvoiceLineOut]
    labour_amount: Decimal
    parts_amount: Decimal
    discount_total: Decimal
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    total_in_words: str
    paid: bool


class PaymentOut(Schema):
    id: int
    status: str
    amount: Decimal
    channel: str
    checkout_url: str
    replayed: bool


class ActivityOut(Schema):
    kind: str
    at: dt.datetime
    by: str
    channel: str
    line_id: int | None
    from_state: str
    to_state: str
    note: str

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return str(obj.by_label)
