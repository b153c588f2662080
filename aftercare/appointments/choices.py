"""Choices for appointments: the booking's own small life cycle (repair states belong to work orders)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# A booking holds its bay and technician while in one of these states.
HOLDING_STATUSES: tuple[str, ...] = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.COMPLETED,
)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    AppointmentStatus.BOOKED: frozenset(
        {AppointmentStatus.CHECKED_IN, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW}
    ),
    AppointmentStatus.CHECKED_IN: frozenset({AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED}),
    AppointmentStatus.COMPLETED: frozenset(),
    AppointmentStatus.CANCELLED: frozenset(),
    AppointmentStatus.NO_SHOW: frozenset(),
}


class JobType(models.TextChoices):
    """The repair categories of 机动车维修管理规定; work orders map each to its quality-guarantee period."""

    OVERHAUL = "overhaul", _("Complete or assembly overhaul")
    LEVEL2_MAINTENANCE = "level2_maintenance", _("Level-2 maintenance")
    LEVEL1_MAINTENANCE = "level1_maintenance", _("Level-1 maintenance")
    MINOR_REPAIR = "minor_repair", _("Minor repair")
    SPECIAL_REPAIR = "special_repair", _("Special repair")
    INSPECTION = "inspection", _("Inspection only")


class AppointmentChannel(models.TextChoices):
    PORTAL = "portal", _("Owner portal")
    CONSOLE = "console", _("Staff console")
    API = "api", _("API")


class AppointmentEventKind(models.TextChoices):
    BOOKED = "booked", _("Booked")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Marked as no-show")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    REMINDED = "reminded", _("Reminder sent")
    DRIVER_ASSIGNED = "driver_assigned", _("Driver assigned")
    HANDED_OVER = "handed_over", _("Car handed over")


class HandoverStage(models.TextChoices):
    """The four hand-overs of a pick-up and delivery: both ends of each trip."""

    PICKUP_FROM_OWNER = "pickup_from_owner", _("Collected from the owner")
    PICKUP_AT_STORE = "pickup_at_store", _("Delivered to the store")
    DELIVERY_FROM_STORE = "delivery_from_store", _("Collected from the store")
    DELIVERY_TO_OWNER = "delivery_to_owner", _("Returned to the owner")


HANDOVER_ORDER: tuple[str, ...] = (
    HandoverStage.PICKUP_FROM_OWNER,
    HandoverStage.PICKUP_AT_STORE,
    HandoverStage.DELIVERY_FROM_STORE,
    HandoverStage.DELIVERY_TO_OWNER,
)
