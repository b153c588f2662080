"""Recall campaigns (召回活动) and technical upgrades, what they cover, and which cars they matched."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.recalls.choices import CompletionMethod, RecallKind, RecallSource, VehicleRecallStatus


class RecallCampaign(models.Model):
    """One campaign: a safety recall or a technical upgrade, identified by its published number."""

    number = models.CharField(_("campaign number"), max_length=32, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=RecallSource.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=RecallKind.choices)
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True, default="")
    manufacturer_number = models.CharField(_("manufacturer campaign number"), max_length=40, blank=True, default="")
    component = models.CharField(_("component"), max_length=300, blank=True, default="")
    summary = models.TextField(_("summary"))
    consequence = models.TextField(_("consequence"), blank=True, default="")
    remedy = models.TextField(_("remedy"), blank=True, default="")
    notes = models.TextField(_("notes"), blank=True, default="")
    report_date = models.DateField(_("report date"), null=True, blank=True)
    potentially_affected = models.PositiveIntegerField(_("potentially affected"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recall campaign")
        verbose_name_plural = _("recall campaigns")
        ordering = ["-report_date", "-id"]
        indexes = [models.Index(fields=["-report_date", "-id"], name="recalls_campaign_recent_idx")]
        permissions = [
            ("manage_campaigns", _("Can create recall campaigns")),
            ("complete_recall", _("Can record a recall as completed")),
        ]

    def __str__(self) -> str:
        return self.number


class RecallCoverage(models.Model):
    """Which cars a campaign covers: make, model, model years, and optionally VIN and production ranges.

    make_key / model_key are the normalised forms matching compares (see rules.make_key / model_key).
    A blank year bound is open; a blank VIN or production range does not narrow the coverage.
    """

    campaign = models.ForeignKey(RecallCampaign, on_delete=models.CASCADE, related_name="coverages")
    make = models.CharField(_("make"), max_length=100)
    model = models.CharField(_("model"), max_length=256)
    make_key = models.CharField(max_length=100)
    model_key = models.CharField(max_length=256)
    year_from = models.PositiveSmallIntegerField(_("model year from"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("model year to"), null=True, blank=True)
    vin_from = models.CharField(_("first VIN"), max_length=17, blank=True, default="")
    vin_to = models.CharField(_("last VIN"), max_length=17, blank=True, default="")
    built_from = models.DateField(_("built from"), null=True, blank=True)
    built_to = models.DateField(_("built to"), null=True, blank=True)

    class Meta:
        verbose_name = _("recall coverage")
        verbose_name_plural = _("recall coverages")
        ordering = ["make", "model", "year_from", "id"]
        indexes = [models.Index(fields=["make_key", "model_key"], name="recalls_coverage_key_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_from__isnull=True)
                | models.Q(year_to__isnull=True)
                | models.Q(year_from__lte=models.F("year_to")),
                name="recalls_coverage_years_ordered",
            ),
            models.CheckConstraint(
                condition=(models.Q(vin_from="") & models.Q(vin_to=""))
                | (~models.Q(vin_from="") & models.Q(vin_from__lte=models.F("vin_to"))),
                name="recalls_coverage_vin_range",
            ),
        ]


class VehicleMatchKey(models.Model):
    """A vehicle's normalised make, model and year, kept so matching can be a set-based join."""

    vehicle = models.OneToOneField(
        "vehicles.Vehicle", on_delete=models.CASCADE, primary_key=True, related_name="recall_key"
    )
    make_key = models.CharField(max_length=100)
    model_key = models.CharField(max_length=256)
    model_year = models.PositiveSmallIntegerField(null=True, blank=True)
    vin = models.CharField(max_length=17)

    class Meta:
        verbose_name = _("vehicle match key")
        verbose_name_plural = _("vehicle match keys")
        indexes = [models.Index(fields=["make_key", "model_key", "model_year"], name="recalls_vkey_idx")]


class MakeAlias(models.Model):
    """An extra spelling of a make (for example a Chinese brand name) and the make key it stands for."""

    alias = models.CharField(_("alias"), max_length=100, unique=True)
    make_key = models.CharField(_("make key"), max_length=100)

    class Meta:
        verbose_name = _("make alias")
        verbose_name_plural = _("make aliases")
        ordering = ["make_key", "alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.make_key}"


class VehicleRecall(models.Model):
    """A campaign matched to one car: open until the remedy is done, then completed with who and how."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.CASCADE, related_name="recalls")
    campaign = models.ForeignKey(RecallCampaign, on_delete=models.CASCADE, related_name="vehicle_recalls")
    status = models.CharField(
        _("status"), max_length=16, choices=VehicleRecallStatus.choices, default=VehicleRecallStatus.OPEN
    )
    matched_at = models.DateTimeField(_("matched at"))
    notified_at = models.DateTimeField(_("owner notified at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(
        _("completion method"), max_length=16, choices=CompletionMethod.choices, blank=True, default=""
    )
    work_order_ref = models.CharField(_("work order"), max_length=40, blank=True, default="")
    note = models.CharField(_("note"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("vehicle recall")
        verbose_name_plural = _("vehicle recalls")
        ordering = ["-matched_at", "-id"]
        # Lookups by car use the unique (vehicle, campaign) index; campaign pages use this one.
        indexes = [models.Index(fields=["campaign", "status"], name="recalls_vr_campaign_idx")]
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "campaign"], name="recalls_vehicle_campaign_unique"),
            models.CheckConstraint(
                condition=models.Q(status=VehicleRecallStatus.OPEN)
                | (models.Q(completed_at__isnull=False) & ~models.Q(method="")),
                name="recalls_completed_has_when_and_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.vehicle_id}"
