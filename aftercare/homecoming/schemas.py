"""API shapes for Homecoming. Wallets carry no personal data; the wallet code is shown to the owner only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import StrictInt

from aftercare.homecoming.photos import MAX_BYTES
from aftercare.vehicles.schemas import LicenceIn

# Base64 makes 3 bytes into 4 characters; a data-URL prefix may come first.
PHOTO_MAX_CHARS = MAX_BYTES * 4 // 3 + 100


class EnrolIn(Schema):
    held_since: dt.date = Field(description="Purchase or transfer (过户) date; the days held count from it.")
    purchase_channel: str = Field(
        max_length=20, description="dealer_4s | used_car_dealer | private_sale | auction | online | other"
    )
    owner_kind: str = Field(max_length=16, description="individual | organisation (the licence's registered owner)")
    licence_photo: str = Field(
        max_length=PHOTO_MAX_CHARS, description="Photo of the vehicle licence: JPEG, PNG or WebP, base64 (≤ 10 MB)."
    )
    licence: LicenceIn | None = Field(None, description="Only when the car has no vehicle licence on record yet.")


class ReasonOut(Schema):
    code: str
    message: str


class EnrolmentOut(Schema):
    id: int
    vehicle_id: int
    status: str = Field(description="approved | refused")
    applied_at: dt.datetime
    applied_via: str
    held_since: dt.date
    days_held: int
    purchase_channel: str
    owner_kind: str
    eligible_on: dt.date | None = Field(description="When waiting is the only reason for a refusal: the first day.")
    reasons: list[ReasonOut]


class BenefitOut(Schema):
    id: int
    kind: str
    label: str
    status: str = Field(description="available | redeemed | active")
    single_use: bool
    redeemed_at: dt.datetime | None
    redeemed_store_id: int | None
    reference: str
    percent: Decimal | None = Field(None, description="Maintenance discount: the maximum percent today.")
    next_percent: Decimal | None = None
    next_on: dt.date | None = None


class WalletOut(Schema):
    enrolled: bool
    enrolment_id: int | None
    vehicle_id: int
    code: str | None = Field(description="The wallet code, shown to the owner only.")
    car_age_years: int | None
    benefits: list[BenefitOut]


class RedeemIn(Schema):
    benefit: str = Field(max_length=24, description="health_check | oil_service | connected_services")
    store_id: StrictInt | None = Field(None, description="Your store (the default).")
    reference: str = Field("", max_length=64, description="e.g. the work order number")
    wallet_code: str = Field("", max_length=32, description="The owner's wallet code (staff of another group).")


class LookupIn(Schema):
    vin_or_plate: str = Field(max_length=40)
    code: str = Field(max_length=32)
