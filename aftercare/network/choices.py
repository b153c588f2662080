from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    ADVISOR = "advisor", _("Service advisor")
    TECHNICIAN = "technician", _("Technician")
    MANAGER = "manager", _("Store manager")
    OPERATOR = "operator", _("Brand operator")


class CertificationLevel(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


LEVEL_ORDER = [CertificationLevel.JUNIOR, CertificationLevel.INTERMEDIATE, CertificationLevel.SENIOR]


class HandoverReason(models.TextChoices):
    ADVISOR_LEFT = "advisor_left", _("Advisor left")
    REASSIGNED = "reassigned", _("Reassigned")
