"""Owner endpoints: finish a code login, and an owner's own profile and consents (their own data, unmasked)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from aftercare.accounts import services as account_services
from aftercare.accounts.schemas import OtpVerifyIn, TokenCreatedOut, TokenOut
from aftercare.kernel.errors import PermissionDenied
from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import ActorKind
from aftercare.owners import selectors, services
from aftercare.owners.choices import ConsentChannel
from aftercare.owners.models import Owner
from aftercare.owners.schemas import ConsentOut, MyConsentIn, ProfileIn, ProfileOut

router = Router()


@router.post(
    "/auth/otp/verify", auth=None, response={201: TokenCreatedOut}, summary="Exchange a login code for a token"
)
def otp_verify(request: HttpRequest, payload: OtpVerifyIn) -> Status[dict[str, Any]]:
    phone = account_services.otp_verify(phone=payload.phone, code=payload.code)
    user = services.owner_login(phone=phone)
    token, key = account_services.api_token_create(user=user, name=payload.token_name or "mobile app")
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": key})


def _my_owner_id(request: HttpRequest) -> int:
    actor = actor_of(request)
    if actor.kind != ActorKind.OWNER or actor.owner_id is None:
        raise PermissionDenied("owners_only", _("Only car owners have a profile here."))
    return actor.owner_id


@router.get("/owners/me", response=ProfileOut, summary="My profile")
def profile_get(request: HttpRequest) -> Owner:
    return Owner.objects.get(pk=_my_owner_id(request))


@router.put("/owners/me", response=ProfileOut, summary="Update my name and e-mail")
def profile_update(request: HttpRequest, payload: ProfileIn) -> Owner:
    return services.owner_update(owner_id=_my_owner_id(request), name=payload.name, email=payload.email)


@router.get("/owners/me/consents", response=list[ConsentOut], summary="My consent records")
def my_consents(request: HttpRequest) -> list[Any]:
    return list(selectors.consent_list(owner_id=_my_owner_id(request)))


@router.post("/owners/me/consents", response={201: ConsentOut}, summary="Give or withdraw consent")
def my_consent_record(request: HttpRequest, payload: MyConsentIn) -> Status[Any]:
    consent = services.consent_record(
        owner_id=_my_owner_id(request),
        purpose=payload.purpose,
        granted=payload.granted,
        channel=ConsentChannel.PORTAL,
        recorded_by_id=actor_of(request).user_id,
    )
    return Status(201, consent)
