"""Refusals from payments."""

from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound


def idempotency_key_invalid() -> DomainError:
    message = _("Send an idempotency key of 8 to 64 letters, digits, hyphens or underscores.")
    return DomainError("idempotency_key_invalid", message, fields={"idempotency_key": [message]})


def idempotency_key_reused() -> DomainError:
    message = _("This idempotency key was already used for a different payment request.")
    return DomainError("idempotency_key_reused", message, fields={"idempotency_key": [message]}, status=409)


def channel_invalid() -> DomainError:
    message = _("Choose WeChat Pay or Alipay.")
    return DomainError("payment_channel_invalid", message, fields={"channel": [message]})


def already_paid() -> DomainError:
    return DomainError("already_paid", _("This has already been paid."), status=409)


def provider_unavailable() -> NotFound:
    return NotFound("payment_provider_unknown", _("This payment provider is not available."))


def signature_invalid() -> DomainError:
    return DomainError("signature_invalid", _("The notification signature is missing or not valid."), status=401)


def webhook_malformed() -> DomainError:
    return DomainError("webhook_malformed", _("The notification body is not a valid payment event."))


def payment_not_found() -> NotFound:
    return NotFound("payment_not_found", _("Payment not found."))
