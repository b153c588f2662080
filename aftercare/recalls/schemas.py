"""API shapes for recall campaigns and the campaigns matched to cars."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import StrictInt


class CoverageIn(Schema):
    make: str = Field(max_length=100)
    model: str = Field(max_length=256)
    year_from: StrictInt | None = None
    year_to: StrictInt | None = None
    vin_from: str = Field("", max_length=17)
    vin_to: str = Field("", max_length=17)
    built_from: dt.date | None = None
    built_to: dt.date | None = None


class CampaignIn(Schema):
    number: str = Field(max_length=32)
    kind: str = Field(max_length=20, description="safety_recall | technical_upgrade")
    source: str = Field("samr", max_length=16, description="samr | manufacturer | manual | nhtsa")
    manufacturer: str = Field("", max_length=200)
    component: str = Field("", max_length=300)
    summary: str = Field(max_length=5000)
    consequence: str = Field("", max_length=5000)
    remedy: str = Field(max_length=5000)
    report_date: dt.date | None = None
    coverages: list[CoverageIn] = Field(max_length=500)


class CoverageOut(Schema):
    make: str
    model: str
    year_from: int | None
    year_to: int | None
    vin_from: str
    vin_to: str
    built_from: dt.date | None
    built_to: dt.date | None


class CampaignOut(Schema):
    id: int
    number: str
    kind: str
    source: str
    manufacturer: str
    component: str
    summary: str
    remedy: str
    report_date: dt.date | None
    potentially_affected: int | None


class CampaignDetailOut(CampaignOut):
    consequence: str
    notes: str
    coverages: list[CoverageOut]


class VehicleRecallOut(Schema):
    id: int
    vehicle_id: int
    vin: str = Field(alias="vehicle.vin")
    campaign: CampaignOut
    status: str
    matched_at: dt.datetime
    completed_at: dt.datetime | None
    method: str
    work_order_ref: str
    note: str


class CampaignVehicleOut(Schema):
    id: int
    vehicle_id: int
    vin: str = Field(alias="vehicle.vin")
    plate: str = Field(alias="vehicle.plate")
    status: str
    matched_at: dt.datetime
    completed_at: dt.datetime | None
    method: str
    work_order_ref: str


class CompleteIn(Schema):
    work_order_ref: str | None = Field(None, max_length=60)
    note: str = Field("", max_length=1000)
