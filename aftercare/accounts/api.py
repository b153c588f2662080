"""Login by one-time code (owners' apps), API tokens, and who-am-I."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from aftercare.accounts import selectors, services
from aftercare.accounts.models import ApiToken
from aftercare.accounts.schemas import (
    MeOut,
    OtpRequestIn,
    OtpRequestOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from aftercare.kernel.api import ObjectId
from aftercare.kernel.errors import NotFound
from aftercare.kernel.http import actor_of

router = Router()


@router.post("/otp/request", auth=None, response={202: OtpRequestOut}, summary="Text a login code to a phone")
def otp_request(request: HttpRequest, payload: OtpRequestIn) -> Status[dict[str, Any]]:
    services.otp_request(phone=payload.phone)
    conf = settings.AFTERCARE_OTP
    return Status(202, {"sent": True, "expires_in": conf["ttl_seconds"], "resend_after": conf["resend_after_seconds"]})


@router.get("/me", response=MeOut, summary="Who the request runs as")
def me(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        "kind": str(actor.kind),
        "user_id": actor.user_id,
        "dealer_group_id": actor.dealer_group_id,
        "store_id": actor.store_id,
        "staff_id": actor.staff_id,
        "owner_id": actor.owner_id,
        "permissions": sorted(actor.permissions),
    }


@router.get("/tokens", response=list[TokenOut], summary="My active API tokens")
def token_list(request: HttpRequest) -> list[ApiToken]:
    # The authenticated login, like create and revoke: a login with no staff or owner record has no actor.
    return list(selectors.api_token_list(user_id=request.auth.pk))  # type: ignore[attr-defined]


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Issue an API token (shown once)")
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, key = services.api_token_create(user=request.auth, name=payload.name)  # type: ignore[attr-defined]
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": key})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def token_revoke(request: HttpRequest, token_id: ObjectId) -> Status[None]:
    if not services.api_token_revoke(user=request.auth, token_id=token_id):  # type: ignore[attr-defined]
        raise NotFound("token_not_found", _("Token not found."))
    return Status(204, None)
