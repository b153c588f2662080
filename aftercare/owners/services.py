"""Writes about owners: finding or creating them by phone, updating details, consents, revealing data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from aftercare.accounts.services import owner_user_ensure, phone_normalize
from aftercare.audit.services import audit_record
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tenancy import Actor
from aftercare.owners import errors
from aftercare.owners.choices import ConsentChannel, ConsentPurpose
from aftercare.owners.models import Consent, Owner

POLICY_VERSION = "2026-11"
PERSONAL_FIELDS = ("name", "phone", "email", "id_number")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise errors.name_required()
    return name


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise errors.email_invalid() from exc
    return email


def owner_input_problems(*, phone: str, name: str, email: str = "") -> dict[str, list[str]]:
    """Every problem with an owner's contact details, by field, without writing anything."""
    problems: dict[str, list[str]] = {}
    checks: tuple[tuple[str, Callable[[], str]], ...] = (
        ("phone", lambda: phone_normalize(phone)),
        ("name", lambda: _clean_name(name)),
        ("email", lambda: _clean_email(email)),
    )
    for field, check in checks:
        try:
            check()
        except DomainError as exc:
            problems[field] = [str(m) for msgs in exc.fields.values() for m in msgs]
    return problems


def owner_get_or_create(*, phone: str, name: str, email: str = "") -> tuple[Owner, bool]:
    """The owner with this phone, created if new; runs in the caller's transaction. Validates first."""
    e164 = phone_normalize(phone)
    clean_name = _clean_name(name)
    clean_email = _clean_email(email)
    owner, created = Owner.objects.get_or_create(phone=e164, defaults={"name": clean_name, "email": clean_email})
    if not created and not owner.name:
        # An owner who signed up by phone alone gets the name staff type at the counter.
        owner.name = clean_name
        owner.save(update_fields=["name"])
    return owner, created


@transaction.atomic
def owner_login(*, phone: str) -> Any:
    """After a verified code: the owner's user, linking or creating the owner record as needed."""
    user = owner_user_ensure(phone=phone)
    owner = Owner.objects.select_for_update().filter(phone=phone).first()
    if owner is None:
        Owner.objects.create(phone=phone, name="", user=user)
    elif owner.user_id is None:
        owner.user = user
        owner.save(update_fields=["user"])
    return user


@transaction.atomic
def owner_update(*, owner_id: int, name: str, email: str = "") -> Owner:
    """Change an owner's name and e-mail (the phone is the login and changes through support)."""
    clean_name = _clean_name(name)
    clean_email = _clean_email(email)
    owner = Owner.objects.select_for_update().get(pk=owner_id)
    owner.name, owner.email = clean_name, clean_email
    owner.save(update_fields=["name", "email"])
    return owner


def consent_record(
    *,
    owner_id: int,
    purpose: str,
    granted: bool,
    channel: str,
    recorded_by_id: int | None,
    clock: Clock = system_clock,
) -> Consent:
    """Append a grant or withdrawal; the newest row per purpose is the one in force."""
    if purpose not in ConsentPurpose.values:
        raise errors.consent_purpose_invalid()
    return Consent.objects.create(
        owner_id=owner_id,
        purpose=purpose,
        granted=granted,
        channel=channel if channel in ConsentChannel.values else ConsentChannel.API,
        policy_version=POLICY_VERSION,
        recorded_at=clock.now(),
        recorded_by_id=recorded_by_id,
    )


@transaction.atomic
def owner_reveal(
    *,
    owner: Owner,
    actor: Actor,
    reason: str,
    dealer_group_id: int | None,
    ip_address: str | None = None,
) -> dict[str, str]:
    """Full personal data of an owner the caller already scoped; needs the permission and writes an audit entry."""
    if actor.user_id is None or not actor.can("owners.reveal_personal_data"):
        raise errors.reveal_not_allowed()
    if not (reason or "").strip():
        raise errors.reveal_reason_required()
    audit_record(
        actor_user_id=actor.user_id,
        action="owner.reveal_personal_data",
        object_type="owner",
        object_id=owner.pk,
        fields=PERSONAL_FIELDS,
        reason=reason.strip(),
        dealer_group_id=dealer_group_id,
        ip_address=ip_address,
    )
    return {"name": owner.name, "phone": owner.phone, "email": owner.email, "id_number": owner.id_number}
