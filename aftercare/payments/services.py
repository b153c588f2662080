"""Writes for payments: idempotent payment requests and deduplicated, signature-checked webhooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.money import to_fen
from aftercare.payments import errors, rules
from aftercare.payments.choices import PaymentChannel, PaymentStatus, WebhookOutcome
from aftercare.payments.models import PaymentRequest, WebhookEvent
from aftercare.payments.providers import PaymentProvider, default_provider, provider_get


@dataclass(frozen=True)
class RequestResult:
    """The payment request, and whether this call only replayed an earlier one with the same key."""

    payment: PaymentRequest
    replayed: bool


def _replay(user_id: int, key: str, fingerprint: str) -> RequestResult | None:
    existing = PaymentRequest.objects.filter(requested_by_id=user_id, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise errors.idempotency_key_reused()
    return RequestResult(existing, replayed=True)


@transaction.atomic
def payment_request_create(
    *,
    user_id: int,
    idempotency_key: str,
    reference: str,
    amount: Decimal,
    channel: str,
    description: str,
    provider: PaymentProvider | None = None,
    clock: Clock = system_clock,
) -> RequestResult:
    """Open a payment for a reference; the same key with the same request returns the first result."""
    if not rules.idempotency_key_valid(idempotency_key):
        raise errors.idempotency_key_invalid()
    if channel not in PaymentChannel.values:
        raise errors.channel_invalid()
    amount = to_fen(amount)
    fingerprint = rules.request_fingerprint(reference=reference, amount=amount, currency="CNY", channel=channel)
    replay = _replay(user_id, idempotency_key, fingerprint)
    if replay is not None:
        return replay
    if payment_is_settled(reference=reference):
        raise errors.already_paid()
    chosen = provider or default_provider()
    checkout = chosen.checkout(amount=amount, channel=channel, description=description)
    try:
        with transaction.atomic():
            payment = PaymentRequest.objects.create(
                reference=reference,
                description=description[:100],
                amount=amount,
                channel=channel,
                provider=chosen.name,
                provider_ref=checkout.provider_ref,
                checkout_url=checkout.checkout_url,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
                requested_by_id=user_id,
                created_at=clock.now(),
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request won; answer as its replay.
        replay = _replay(user_id, idempotency_key, fingerprint)
        if replay is None:
            raise
        return replay
    return RequestResult(payment, replayed=False)


def payment_is_settled(*, reference: str) -> bool:
    """Whether a payment for this reference has succeeded."""
    return PaymentRequest.objects.filter(reference=reference, status=PaymentStatus.SUCCEEDED).exists()


@dataclass(frozen=True)
class WebhookResult:
    outcome: str
    payment_id: int | None


def webhook_receive(
    *, provider_name: str, body: bytes, headers: Mapping[str, str], clock: Clock = system_clock
) -> WebhookResult:
    """Verify a provider notification and apply it at most once; repeats and races change nothing."""
    provider = provider_get(provider_name)
    now = clock.now()
    data = provider.verify_webhook(body=body, headers=headers, now=now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                event = WebhookEvent.objects.create(
                    provider=provider.name,
                    event_id=data.event_id,
                    received_at=now,
                    outcome=WebhookOutcome.UNKNOWN_PAYMENT,
                    payload=data.payload,
                )
        except IntegrityError:
            return WebhookResult(WebhookOutcome.DUPLICATE, None)
        payment = (
            PaymentRequest.objects.select_for_update()
            .filter(provider=provider.name, provider_ref=data.provider_ref)
            .first()
        )
        outcome = _apply(payment, data.succeeded, data.amount, now) if payment else WebhookOutcome.UNKNOWN_PAYMENT
        event.payment = payment
        event.outcome = outcome
        event.save(update_fields=["payment", "outcome"])
    return WebhookResult(outcome, payment.pk if payment else None)


def _apply(payment: PaymentRequest, succeeded: bool, amount: Decimal, now) -> str:  # type: ignore[no-untyped-def]
    if payment.status != PaymentStatus.PENDING:
        return WebhookOutcome.ALREADY_FINAL
    if to_fen(amount) != payment.amount:
        return WebhookOutcome.AMOUNT_MISMATCH
    if not succeeded:
        PaymentRequest.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(status=PaymentStatus.FAILED)
        return WebhookOutcome.APPLIED
    try:
        with transaction.atomic():
            changed = PaymentRequest.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
                status=PaymentStatus.SUCCEEDED, succeeded_at=now
            )
    except IntegrityError:
        # Another payment for the same reference succeeded first: this money must be refunded, not counted.
        return WebhookOutcome.ALREADY_PAID
    return WebhookOutcome.APPLIED if changed else WebhookOutcome.ALREADY_FINAL
