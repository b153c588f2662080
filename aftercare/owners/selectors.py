"""Reads about owners. Staff reach owners through network.customer_* (scoped by group)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from aftercare.owners.choices import ConsentPurpose
from aftercare.owners.models import Consent, Owner


def owner_for_user(*, user: Any) -> Owner | None:
    """The owner record behind an owner's login."""
    if user is None or not user.is_authenticated:
        return None
    return Owner.objects.filter(user=user).first()


def owner_find_by_phone(*, e164: str) -> Owner | None:
    """The owner with this phone, if any (callers scope the result)."""
    return Owner.objects.filter(phone=e164).first()


def consent_current(*, owner_id: int) -> dict[str, bool]:
    """Purpose → whether consent is in force now (latest record wins; no record means no)."""
    state = {p: False for p in ConsentPurpose.values}
    for c in Consent.objects.filter(owner_id=owner_id).order_by("recorded_at", "id"):
        state[c.purpose] = c.granted
    return state


def consent_list(*, owner_id: int) -> QuerySet[Consent]:
    """Every consent record for an owner, newest first."""
    return Consent.objects.filter(owner_id=owner_id).order_by("-recorded_at", "-id")
