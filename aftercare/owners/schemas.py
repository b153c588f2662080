from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import StrictBool


class ProfileOut(Schema):
    id: int
    name: str
    phone: str
    email: str


class ProfileIn(Schema):
    name: str = Field(max_length=50)
    email: str = Field("", max_length=254)


class MyConsentIn(Schema):
    purpose: str = Field(max_length=32)
    granted: StrictBool


class ConsentOut(Schema):
    id: int
    purpose: str
    granted: bool
    channel: str
    policy_version: str
    recorded_at: dt.datetime
