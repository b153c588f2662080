"""Payment requests (with idempotency keys) and the provider webhooks received (deduplicated by event id)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.payments.choices import PaymentChannel, PaymentStatus, WebhookOutcome


class PaymentRequest(models.Model):
    """A request to pay an amount for a reference (e.g. an invoice). At most one per reference ever succeeds."""

    reference = models.CharField(_("reference"), max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=100)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    channel = models.CharField(_("channel"), max_length=8, choices=PaymentChannel.choices)
    provider = models.CharField(_("provider"), max_length=16)
    provider_ref = models.CharField(max_length=64, unique=True)
    checkout_url = models.CharField(max_length=300)
    idempotency_key = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, editable=False
    )
    created_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["requested_by", "idempotency_key"], name="payments_idempotency_key"),
            # A payment never counts twice: one succeeded payment per reference, enforced by the database.
            models.UniqueConstraint(
                fields=["reference"], condition=models.Q(status="succeeded"), name="payments_one_success_per_ref"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_amount_positive"),
        ]


class WebhookEvent(models.Model):
    """A provider notification as received; the unique (provider, event id) makes a repeat a no-op."""

    provider = models.CharField(max_length=16)
    event_id = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    payment = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, null=True, related_name="webhooks")
    outcome = models.CharField(max_length=16, choices=WebhookOutcome.choices)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payments_webhook_once")]
