"""Homecoming endpoints: enrol, enrolment status, wallet, redeem, and the narrow cross-group wallet lookup."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from aftercare.homecoming import errors, selectors, services
from aftercare.homecoming.models import Enrolment
from aftercare.homecoming.schemas import BenefitOut, EnrolIn, EnrolmentOut, LookupIn, ReasonOut, RedeemIn, WalletOut
from aftercare.kernel.api import ObjectId
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import ActorKind
from aftercare.vehicles.inputs import LicenceInput

router = Router()

_ENROL_FIELDS = {
    "photo": "licence_photo",
    **{
        f: f"licence.{f}"
        for f in ("registered_owner_name", "vehicle_type", "use_type", "registration_date", "issue_date")
    },
}
_UNREADABLE = b"\x00not-base64"


@contextmanager
def _fields_renamed(mapping: dict[str, str]) -> Iterator[None]:
    try:
        yield
    except DomainError as exc:
        exc.fields = {mapping.get(name, name): msgs for name, msgs in exc.fields.items()}
        raise


def _photo(text: str) -> bytes:
    """Base64 (a data-URL prefix is allowed) to bytes; what does not decode is handed on as unreadable."""
    body = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return _UNREADABLE


def _enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    messages = selectors.refusal_messages(enrolment)
    return EnrolmentOut(
        id=enrolment.pk,
        vehicle_id=enrolment.vehicle_id,
        status=enrolment.status,
        applied_at=enrolment.applied_at,
        applied_via=enrolment.applied_via,
        held_since=enrolment.held_since,
        days_held=enrolment.days_held,
        purchase_channel=enrolment.purchase_channel,
        owner_kind=enrolment.owner_kind,
        eligible_on=enrolment.eligible_on,
        reasons=[ReasonOut(code=r["code"], message=m) for r, m in zip(enrolment.refusals, messages, strict=False)],
    )


def _wallet_out(vehicle_id: int, wallet: selectors.WalletView | None, show_code: bool) -> WalletOut:
    benefits: list[Any] = []
    if wallet is not None:
        benefits = [
            BenefitOut(
                id=b.id,
                kind=b.kind,
                label=b.label,
                status=b.status,
                single_use=b.single_use,
                redeemed_at=b.redeemed_at,
                redeemed_store_id=b.redeemed_store.pk if b.redeemed_store else None,
                reference=b.reference,
                percent=b.percent,
                next_percent=b.next_percent,
                next_on=b.next_on,
            )
            for b in wallet.benefits
        ]
    return WalletOut(
        enrolled=wallet is not None,
        enrolment_id=wallet.enrolment_id if wallet else None,
        vehicle_id=vehicle_id,
        code=wallet.code if wallet and show_code else None,
        car_age_years=wallet.car_age_years if wallet else None,
        benefits=benefits,
    )


@router.post(
    "/vehicles/{vehicle_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Apply to Homecoming (owner, or staff at check-in); a refusal is recorded and explained",
)
def enrolment_apply(request: HttpRequest, vehicle_id: ObjectId, payload: EnrolIn) -> Status[EnrolmentOut]:
    lic = payload.licence
    with _fields_renamed(_ENROL_FIELDS):
        enrolment = services.enrolment_apply(
            actor=actor_of(request),
            vehicle_id=vehicle_id,
            held_since=payload.held_since,
            purchase_channel=payload.purchase_channel,
            owner_kind=payload.owner_kind,
            photo=_photo(payload.licence_photo),
            licence=LicenceInput(**lic.dict()) if lic else None,
        )
    return Status(201, _enrolment_out(enrolment))


@router.get(
    "/vehicles/{vehicle_id}/enrolments", response=list[EnrolmentOut], summary="Homecoming applications, newest first"
)
def enrolment_list(request: HttpRequest, vehicle_id: ObjectId) -> list[EnrolmentOut]:
    return [_enrolment_out(e) for e in selectors.enrolment_list(actor=actor_of(request), vehicle_id=vehicle_id)]


@router.get("/vehicles/{vehicle_id}/wallet", response=WalletOut, summary="The car's benefits wallet and each status")
def wallet_get(request: HttpRequest, vehicle_id: ObjectId) -> WalletOut:
    actor = actor_of(request)
    wallet = selectors.wallet_get(actor=actor, vehicle_id=vehicle_id)
    return _wallet_out(vehicle_id, wallet, show_code=actor.kind == ActorKind.OWNER)


@router.post(
    "/vehicles/{vehicle_id}/wallet/redeem",
    response=BenefitOut,
    summary="Redeem one voucher at your store, exactly once (another group's store gives the wallet code)",
)
def benefit_redeem(request: HttpRequest, vehicle_id: ObjectId, payload: RedeemIn) -> BenefitOut:
    actor = actor_of(request)
    if actor.kind != ActorKind.STAFF or not actor.can("homecoming.redeem_benefit"):
        raise errors.not_allowed()
    benefit_id = selectors.benefit_find(
        actor=actor, vehicle_id=vehicle_id, kind=payload.benefit, wallet_code=payload.wallet_code
    )
    services.benefit_redeem(
        actor=actor,
        benefit_id=benefit_id,
        store_id=payload.store_id,
        reference=payload.reference,
        wallet_code=payload.wallet_code,
    )
    wallet = selectors.vehicle_wallet(vehicle_id=vehicle_id)
    assert wallet is not None
    out = _wallet_out(vehicle_id, wallet, show_code=False)
    return next(b for b in out.benefits if b.id == benefit_id)


@router.post(
    "/wallets/lookup",
    response=WalletOut,
    summary="Any participating store: one wallet by the car's full VIN or plate and the owner's wallet code",
)
def wallet_lookup(request: HttpRequest, payload: LookupIn) -> WalletOut:
    wallet = selectors.wallet_lookup(actor=actor_of(request), vin_or_plate=payload.vin_or_plate, code=payload.code)
    return _wallet_out(wallet.vehicle_id, wallet, show_code=False)
