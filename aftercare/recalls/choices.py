"""Choices for recall campaigns and their matches to vehicles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecallKind(models.TextChoices):
    SAFETY_RECALL = "safety_recall", _("Safety recall")
    TECHNICAL_UPGRADE = "technical_upgrade", _("Technical upgrade")


class RecallSource(models.TextChoices):
    NHTSA = "nhtsa", _("NHTSA (United States)")
    SAMR = "samr", _("SAMR (China)")
    MANUFACTURER = "manufacturer", _("Manufacturer notice")
    MANUAL = "manual", _("Entered by an operator")


class VehicleRecallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("recall status", "Open")
    COMPLETED = "completed", _("Completed")


class CompletionMethod(models.TextChoices):
    MANUAL = "manual", _("Recorded by hand")
    WORK_ORDER = "work_order", _("Work order")


# Only OPEN -> COMPLETED: a completed recall is history and is never reopened.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    VehicleRecallStatus.OPEN: frozenset({VehicleRecallStatus.COMPLETED}),
    VehicleRecallStatus.COMPLETED: frozenset(),
}
