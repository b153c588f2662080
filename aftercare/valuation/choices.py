from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "Open")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OfferPriceReason(models.TextChoices):
    CREATED = "created", _("Offer made")
    NIGHTLY = "nightly", _("Nightly recalculation")


class ConditionGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
