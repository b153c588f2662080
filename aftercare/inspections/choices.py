"""Choices for inspection templates, inspections, item verdicts, suggestions, findings and trouble codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateKind(models.TextChoices):
    HEALTH_CHECK = "health_check", _("Health check")
    APPRAISAL = "appraisal", _("Pre-sale appraisal")


class InspectionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


# An inspection is finished once; a completed report is history and is never reopened.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    InspectionStatus.IN_PROGRESS: frozenset({InspectionStatus.COMPLETED}),
    InspectionStatus.COMPLETED: frozenset(),
}


class Verdict(models.TextChoices):
    OK = "ok", _("OK")
    ATTENTION = "attention", _("Needs attention")
    URGENT = "urgent", _("Urgent")


class SuggestionState(models.TextChoices):
    NONE = "none", _("No suggestion")
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    OVERRIDDEN = "overridden", _("Overridden")


class SuggestionSource(models.TextChoices):
    TROUBLE_CODE = "trouble_code", _("Trouble code")
    ODOMETER = "odometer", _("Odometer history")
    MILEAGE = "mileage", _("Mileage")
    RECALL = "recall", _("Open recall")
    CARRIED_OVER = "carried_over", _("Carried-over finding")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class TroubleCodeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLEARED = "cleared", _("Cleared")
