"""The payment-provider interface, and the fake provider used in development and tests.

Real providers (WeChat Pay, Alipay) implement the same protocol later; the services never know which one runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.conf import settings

from aftercare.payments import errors, rules


@dataclass(frozen=True)
class Checkout:
    """Where the payer completes the payment (a page, or a QR code's content)."""

    provider_ref: str
    checkout_url: str


@dataclass(frozen=True)
class WebhookData:
    """A verified notification: which payment, what happened, for how much."""

    event_id: str
    provider_ref: str
    succeeded: bool
    amount: Decimal
    payload: dict[str, Any]


class PaymentProvider(Protocol):
    name: str

    def checkout(self, *, amount: Decimal, channel: str, description: str) -> Checkout:
        """Open a payment at the provider."""
        ...

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str], now: dt.datetime) -> WebhookData:
        """Check the signature and parse the notification; raise signature_invalid / webhook_malformed."""
        ...


SIGNATURE_HEADER = "X-Fake-Signature"
FAKE_CHECKOUT_PATH = "/my/pay/fake/{ref}/"


class FakeProvider:
    """Simulates WeChat Pay / Alipay: a confirmation page in the portal, then a signed webhook."""

    name = "fake"

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def checkout(self, *, amount: Decimal, channel: str, description: str) -> Checkout:
        ref = f"fake_{secrets.token_hex(12)}"
        return Checkout(provider_ref=ref, checkout_url=FAKE_CHECKOUT_PATH.format(ref=ref))

    def notification(
        self, *, provider_ref: str, amount: Decimal, succeeded: bool, now: dt.datetime, event_id: str = ""
    ) -> tuple[bytes, dict[str, str]]:
        """The signed notification the provider would send once the payer confirmed (or cancelled)."""
        body = json.dumps(
            {
                "id": event_id or f"evt_{secrets.token_hex(12)}",
                "type": "payment.succeeded" if succeeded else "payment.failed",
                "payment": provider_ref,
                "amount": f"{amount:.2f}",
            },
            separators=(",", ":"),
        ).encode()
        header = rules.sign(secret=self._secret, timestamp=int(now.timestamp()), body=body)
        return body, {SIGNATURE_HEADER: header}

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str], now: dt.datetime) -> WebhookData:
        header = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER.lower()), "")
        if not rules.signature_valid(secret=self._secret, header=header, body=body, now=int(now.timestamp())):
            raise errors.signature_invalid()
        try:
            data = json.loads(body)
            event = WebhookData(
                event_id=str(data["id"])[:64],
                provider_ref=str(data["payment"])[:64],
                succeeded=data["type"] == "payment.succeeded",
                amount=Decimal(str(data["amount"])),
                payload=data,
            )
        except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise errors.webhook_malformed() from exc
        if not event.event_id or data["type"] not in ("payment.succeeded", "payment.failed"):
            raise errors.webhook_malformed()
        return event


def _fake_secret() -> bytes:
    configured = getattr(settings, "AFTERCARE_FAKE_PAYMENT_SECRET", "")
    if configured:
        return str(configured).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"aftercare.payments.fake", hashlib.sha256).digest()


def enabled_providers() -> tuple[str, ...]:
    """AFTERCARE_PAYMENT_PROVIDERS, or the fake provider everywhere except production settings."""
    configured = getattr(settings, "AFTERCARE_PAYMENT_PROVIDERS", None)
    if configured is not None:
        return tuple(configured)
    production = str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")
    return () if production else ("fake",)


def provider_get(name: str) -> PaymentProvider:
    """The provider by name, if enabled here; the fake one is never on under production settings by default."""
    if name not in enabled_providers():
        raise errors.provider_unavailable()
    if name == FakeProvider.name:
        return FakeProvider(_fake_secret())
    raise errors.provider_unavailable()


def default_provider() -> PaymentProvider:
    """The first enabled provider."""
    names = enabled_providers()
    if not names:
        raise errors.provider_unavailable()
    return provider_get(names[0])
