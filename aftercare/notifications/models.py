"""The in-app inbox and the record of every message sent outside the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.notifications.choices import DeliveryStatus, NotificationChannel


class InboxMessage(models.Model):
    """A message in a user's in-app inbox."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox")
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, default="")
    link = models.CharField(_("link"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One message handed to an outside channel (SMS, e-mail, WeChat); the body is not kept."""

    channel = models.CharField(max_length=16, choices=NotificationChannel.choices)
    address_masked = models.CharField(max_length=100)
    kind = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    provider_reference = models.CharField(max_length=100, blank=True, default="")
    error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
