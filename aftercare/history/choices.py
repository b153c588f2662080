from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEventType(models.TextChoices):
    VEHICLE_REGISTERED = "VEHICLE_REGISTERED", _("Vehicle registered")
    LICENCE_RECORDED = "LICENCE_RECORDED", _("Vehicle licence recorded")
    OWNERSHIP_REGISTERED = "OWNERSHIP_REGISTERED", _("New owner registered a known vehicle")
    OWNERSHIP_TRANSFERRED = "OWNERSHIP_TRANSFERRED", _("Ownership transferred")
    ODOMETER_RECORDED = "ODOMETER_RECORDED", _("Odometer reading recorded")
    ODOMETER_BREAK = "ODOMETER_BREAK", _("Odometer break recorded (for example instrument cluster replaced)")
    ENROLLED = "ENROLLED", _("Homecoming enrolment approved")
    INSPECTION_COMPLETED = "INSPECTION_COMPLETED", _("Inspection completed")
    RECALL_COMPLETED = "RECALL_COMPLETED", _("Recall or technical upgrade completed")
    WORK_ORDER_CLOSED = "WORK_ORDER_CLOSED", _("Maintenance or repair work order closed")
    ACCIDENT_RECORDED = "ACCIDENT_RECORDED", _("Accident recorded")
    INSURANCE_CLAIM_RECORDED = "INSURANCE_CLAIM_RECORDED", _("Insurance claim recorded")
