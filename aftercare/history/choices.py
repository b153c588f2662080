from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEventType(models.TextChoices):
    VEHICLE_REGISTERED = "VEHICLE_REGISTERED", _("Vehicle registered")
    LICENCE_RECORDED = "LICENCE_RECORDED", _("Vehicle licence recorded")
    OWNERSHIP_REGISTERED = "OWNERSHIP_REGISTERED", _("New owner registered a known vehicle")
    OWNERSHIP_TRANSFERRED = "OWNERSHIP_TRANSFERRED", _("Ownership transferred")
    ODOMETER_RECORDED = "ODOMETER_RECORDED", _("Odometer reading recorded")
