"""Owners (车主) as people, and what they agreed to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.owners.choices import ConsentChannel, ConsentPurpose


class Owner(models.Model):
    """A person who owns or owned a car; one row per phone number across the whole network."""

    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, unique=True)
    email = models.EmailField(_("e-mail"), blank=True, default="")
    id_number = models.CharField(_("ID number"), max_length=32, blank=True, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owner"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        permissions = [("reveal_personal_data", _("Can reveal owners' full personal data"))]

    def __str__(self) -> str:
        return f"Owner #{self.pk}"


class Consent(models.Model):
    """One grant or withdrawal of consent for a purpose; the latest row per purpose is in force."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    channel = models.CharField(_("channel"), max_length=16, choices=ConsentChannel.choices)
    policy_version = models.CharField(_("policy version"), max_length=20)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["owner", "purpose", "-recorded_at"])]
