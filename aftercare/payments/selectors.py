"""Reads of payments. Callers scope by reference: payments know nothing about what is being paid for."""

from __future__ import annotations

from django.db.models import QuerySet

from aftercare.payments import errors
from aftercare.payments.choices import PaymentStatus
from aftercare.payments.models import PaymentRequest


def payment_list(*, reference: str) -> QuerySet[PaymentRequest]:
    """The payment requests for one reference, newest first."""
    return PaymentRequest.objects.filter(reference=reference).order_by("-created_at", "-id")


def payment_settled(*, reference: str) -> PaymentRequest | None:
    """The succeeded payment for a reference, if any (there is at most one)."""
    return PaymentRequest.objects.filter(reference=reference, status=PaymentStatus.SUCCEEDED).first()


def settled_references(*, references: list[str]) -> set[str]:
    """Which of these references are paid (one query for a list page)."""
    rows = PaymentRequest.objects.filter(reference__in=references, status=PaymentStatus.SUCCEEDED)
    return set(rows.values_list("reference", flat=True))


def payment_by_provider_ref(*, provider_ref: str, reference: str) -> PaymentRequest:
    """A payment by the provider's reference, only within the given reference (the caller's scope)."""
    payment = PaymentRequest.objects.filter(provider_ref=provider_ref, reference=reference).first()
    if payment is None:
        raise errors.payment_not_found()
    return payment
