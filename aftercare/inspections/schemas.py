"""API shapes for inspections: the dual track per item, the plain-language report, findings and codes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import StrictInt


class InspectionStartIn(Schema):
    template: str = Field(max_length=40, description="health76 | appraisal_gbt30323")
    odometer_km: StrictInt | None = None


class ResultIn(Schema):
    item_code: str = Field(max_length=16)
    verdict: str = Field(max_length=16, description="ok | attention | urgent")
    note: str | None = Field(None, max_length=500)


class CompleteIn(Schema):
    odometer_km: StrictInt | None = None


class TroubleCodesIn(Schema):
    codes: list[str] = Field(max_length=50)
    odometer_km: StrictInt | None = None


class InspectionOut(Schema):
    id: int
    vehicle_id: int
    template: str
    template_version: int
    kind: str
    store_id: int
    technician_id: int
    status: str
    odometer_km: int | None
    started_at: dt.datetime
    completed_at: dt.datetime | None
    grade: str
    ok_count: int
    attention_count: int
    urgent_count: int
    accident_suspected: bool


class SuggestionOut(Schema):
    verdict: str
    source: str
    reason: str
    text: str


class ResultOut(Schema):
    item_code: str
    section: str
    name_zh: str
    name_en: str
    suggested_verdict: str = Field(description="the machine's view; empty when it has none")
    suggestion_state: str = Field(description="none | suggested | confirmed | overridden")
    verdict: str = Field(description="the technician's verdict; empty until given")
    note: str
    suggestions: list[SuggestionOut]
    photo_count: int


class InspectionDetailOut(InspectionOut):
    results: list[ResultOut]


class ReportFindingOut(Schema):
    item_code: str
    verdict: str
    name: str
    section: str
    explanation: str
    next_step: str
    note: str


class ReportOut(Schema):
    inspection_id: int
    title: str
    language: str
    grade: str
    grade_text: str
    ok_count: int
    attention_count: int
    urgent_count: int
    accident_suspected: bool
    completed_at: dt.datetime | None
    findings: list[ReportFindingOut]
    share_url: str


class FindingOut(Schema):
    id: int
    item_code: str
    name_zh: str
    name_en: str
    severity: str
    note: str
    opened_at: dt.datetime
    last_inspection_id: int


class TroubleCodeOut(Schema):
    id: int
    code: str
    description: str
    read_at: dt.datetime
    odometer_km: int | None
    status: str
