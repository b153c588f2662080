"""API shapes for the network. Owners appear masked; the reveal endpoint returns full values."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from aftercare.kernel import masking
from aftercare.kernel.api import MAX_ID
from aftercare.network.models import Customer, Store


class SkillOut(Schema):
    code: str
    name: str
    name_en: str


class BayOut(Schema):
    id: int
    code: str
    name: str
    is_active: bool
    skills: list[SkillOut]

    @staticmethod
    def resolve_skills(obj: object) -> list[object]:
        return list(obj.skills.all())  # type: ignore[attr-defined]


class StoreOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    dealer_group_id: int
    dealer_group_name: str
    city: str
    city_en: str
    district: str
    address: str
    latitude: float
    longitude: float
    phone: str
    opening_hours: dict[str, list[list[str]]]
    bay_count: int = 0
    staff_count: int = 0

    @staticmethod
    def resolve_dealer_group_name(obj: Store) -> str:
        return obj.dealer_group.name


class StoreDetailOut(StoreOut):
    bays: list[BayOut]

    @staticmethod
    def resolve_bays(obj: Store) -> list[object]:
        return list(obj.bays.all())


class StaffOut(Schema):
    id: int
    display_name: str
    role: str
    level: str
    store_id: int | None
    dealer_group_id: int | None
    joined_on: dt.date
    left_on: dt.date | None


class DepartIn(Schema):
    successor_id: StrictInt | None = Field(None, ge=1, le=MAX_ID)


class DepartOut(Schema):
    staff: StaffOut
    customers_moved: int


class CustomerOut(Schema):
    id: int
    dealer_group_id: int
    owner_id: int
    name_masked: str
    phone_masked: str
    email_masked: str
    advisor_id: int | None
    advisor_name: str | None
    since: dt.date

    @staticmethod
    def resolve_name_masked(obj: Customer) -> str:
        return masking.mask_name(obj.owner.name)

    @staticmethod
    def resolve_phone_masked(obj: Customer) -> str:
        return masking.mask_phone(obj.owner.phone)

    @staticmethod
    def resolve_email_masked(obj: Customer) -> str:
        return masking.mask_email(obj.owner.email) if obj.owner.email else ""

    @staticmethod
    def resolve_advisor_name(obj: Customer) -> str | None:
        return obj.advisor.display_name if obj.advisor else None


class AdvisorIn(Schema):
    advisor_id: StrictInt = Field(ge=1, le=MAX_ID)


class RevealIn(Schema):
    reason: str = Field(max_length=200)


class RevealOut(Schema):
    name: str
    phone: str
    email: str
    id_number: str


class ConsentIn(Schema):
    purpose: str = Field(max_length=32)
    granted: StrictBool
