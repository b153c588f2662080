"""Inspection templates (versioned item sets), inspections with their item results, photos and machine
suggestions, carried-over findings, and the OBD-II trouble-code dictionary with codes recorded per car."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aftercare.inspections.choices import (
    FindingStatus,
    Grade,
    InspectionStatus,
    SuggestionSource,
    SuggestionState,
    TemplateKind,
    TroubleCodeStatus,
    Verdict,
)


def _zh() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


class Bilingual:
    """`name` / `plain` … in the active language, from the `_zh` / `_en` pair."""

    def local(self, field: str) -> str:
        zh, en = getattr(self, f"{field}_zh", ""), getattr(self, f"{field}_en", "")
        return str((zh or en) if _zh() else (en or zh))

    @property
    def name(self) -> str:
        return self.local("name")


class InspectionTemplate(Bilingual, models.Model):
    """One version of an item set (the 76-item health check, the GB/T 30323 appraisal); loaded from bundled data."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    description_zh = models.TextField(blank=True, default="")
    description_en = models.TextField(blank=True, default="")
    is_current = models.BooleanField(_("current version"), default=True)
    source_file = models.CharField(max_length=100)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="inspections_template_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_current=True), name="inspections_one_current_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class TemplateSection(Bilingual, models.Model):
    """A group of items (drivetrain, chassis …; structure, exterior … for the appraisal)."""

    template = models.ForeignKey(InspectionTemplate, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField()
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="inspections_section_unique")]


class TemplateItem(Bilingual, models.Model):
    """One check, named in Chinese and English, with the owner's plain explanation and advice per severity."""

    template = models.ForeignKey(InspectionTemplate, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=16)
    position = models.PositiveSmallIntegerField()
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=80)
    plain_zh = models.CharField(max_length=200)
    plain_en = models.CharField(max_length=300)
    attention_zh = models.CharField(max_length=300)
    attention_en = models.CharField(max_length=400)
    urgent_zh = models.CharField(max_length=300)
    urgent_en = models.CharField(max_length=400)
    source = models.CharField(max_length=80, blank=True, default="")
    structural = models.BooleanField(default=False)
    # How machine suggestions find this item: DTC prefixes, recall component words, mileage interval.
    match = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="inspections_item_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Inspection(models.Model):
    """One health check or appraisal of one car at one store, item by item; completed once, then history."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="inspections")
    template = models.ForeignKey(InspectionTemplate, on_delete=models.PROTECT, related_name="inspections")
    store = models.ForeignKey("network.Store", on_delete=models.PROTECT, related_name="inspections")
    dealer_group = models.ForeignKey("network.DealerGroup", on_delete=models.PROTECT, related_name="inspections")
    technician = models.ForeignKey("network.Staff", on_delete=models.PROTECT, related_name="inspections")
    odometer_km = models.PositiveIntegerField(_("odometer (km)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    grade = models.CharField(_("condition"), max_length=12, choices=Grade.choices, blank=True, default="")
    ok_count = models.PositiveSmallIntegerField(default=0)
    attention_count = models.PositiveSmallIntegerField(default=0)
    urgent_count = models.PositiveSmallIntegerField(default=0)
    accident_suspected = models.BooleanField(default=False)
    share_token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_at", "-id"]
        permissions = [("perform_inspection", _("Can perform inspections"))]
        indexes = [models.Index(fields=["vehicle", "status", "completed_at"], name="inspections_vehicle_done_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=InspectionStatus.IN_PROGRESS, completed_at__isnull=True)
                | models.Q(status=InspectionStatus.COMPLETED, completed_at__isnull=False),
                name="inspections_completed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.code} #{self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.status == InspectionStatus.COMPLETED


class InspectionResult(models.Model):
    """One item of one inspection: the machine's suggestion and the technician's verdict, kept side by side."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="+")
    suggested_verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True, default="")
    suggestion_state = models.CharField(max_length=12, choices=SuggestionState.choices, default=SuggestionState.NONE)
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices, blank=True, default="")
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="inspections_result_unique"),
            models.CheckConstraint(
                condition=models.Q(suggested_verdict="", suggestion_state=SuggestionState.NONE)
                | (~models.Q(suggested_verdict="") & ~models.Q(suggestion_state=SuggestionState.NONE)),
                name="inspections_suggestion_state_consistent",
            ),
        ]


class Suggestion(models.Model):
    """One reason the machine gave for an item (a trouble code, a recall, the odometer, an old finding)."""

    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE, related_name="suggestions")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    source = models.CharField(max_length=16, choices=SuggestionSource.choices)
    reason = models.CharField(max_length=40)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["result", "id"]


class ResultPhoto(models.Model):
    """A photo taken for an item; stored privately and served only through access-checked views."""

    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="inspections/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result", "id"]


class Finding(models.Model):
    """An attention or urgent item not yet fixed; it carries over to the car's next visit until found ok."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="inspection_findings")
    item_code = models.CharField(max_length=16)
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=80)
    severity = models.CharField(max_length=12, choices=Verdict.choices)
    note = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    first_inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="+")
    last_inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="+")
    resolved_by = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["vehicle", "-opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "item_code"],
                condition=models.Q(status=FindingStatus.OPEN),
                name="inspections_one_open_finding_per_item",
            ),
        ]

    @property
    def name(self) -> str:
        return self.name_zh if _zh() else self.name_en


class TroubleCode(models.Model):
    """An OBD-II diagnostic trouble code (DTC) and its meaning, imported from a public dictionary."""

    code = models.CharField(max_length=8)
    manufacturer = models.CharField(max_length=60, blank=True, default="")
    description = models.CharField(max_length=300)
    source = models.CharField(max_length=100)

    class Meta:
        ordering = ["code", "manufacturer"]
        constraints = [models.UniqueConstraint(fields=["code", "manufacturer"], name="inspections_trouble_code_unique")]

    def __str__(self) -> str:
        return self.code


class VehicleTroubleCode(models.Model):
    """A trouble code read from one car (scan tool or import); active codes feed the next inspection."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="trouble_codes")
    code = models.CharField(max_length=8)
    description = models.CharField(max_length=300, blank=True, default="")
    read_at = models.DateTimeField()
    odometer_km = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TroubleCodeStatus.choices, default=TroubleCodeStatus.ACTIVE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["vehicle", "-read_at", "id"]
        indexes = [models.Index(fields=["vehicle", "status"], name="inspections_vdtc_status_idx")]
