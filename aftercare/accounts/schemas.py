from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class OtpRequestIn(Schema):
    phone: str = Field(max_length=32)


class OtpRequestOut(Schema):
    sent: bool
    expires_in: int
    resend_after: int


class OtpVerifyIn(Schema):
    phone: str = Field(max_length=32)
    code: str = Field(max_length=12)
    token_name: str = Field("mobile app", max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(Schema):
    name: str = Field(max_length=100)


class MeOut(Schema):
    kind: str
    user_id: int | None
    dealer_group_id: int | None
    store_id: int | None
    staff_id: int | None
    owner_id: int | None
    permissions: list[str]
