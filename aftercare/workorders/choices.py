from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkOrderState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    DIAGNOSING = "diagnosing", _("Diagnosing")
    ESTIMATED = "estimated", _("Estimate sent")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    QUALITY_CHECK = "quality_check", _("Quality check")
    READY = "ready", _("Ready for pick-up")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The happy path, in order, for progress steppers on the pages.
STATE_PATH = [
    WorkOrderState.BOOKED,
    WorkOrderState.CHECKED_IN,
    WorkOrderState.DIAGNOSING,
    WorkOrderState.ESTIMATED,
    WorkOrderState.APPROVED,
    WorkOrderState.IN_PROGRESS,
    WorkOrderState.QUALITY_CHECK,
    WorkOrderState.READY,
    WorkOrderState.DELIVERED,
    WorkOrderState.CLOSED,
]


class RepairCategory(models.TextChoices):
    """Repair classes of the 机动车维修管理规定 quality-guarantee table (REFERENCE §3.1)."""

    COMPLETE_OVERHAUL = "complete_overhaul", _("Complete overhaul (整车修理)")
    ASSEMBLY_OVERHAUL = "assembly_overhaul", _("Assembly overhaul (总成修理)")
    LEVEL_2_MAINTENANCE = "level_2_maintenance", _("Level-2 maintenance (二级维护)")
    LEVEL_1_MAINTENANCE = "level_1_maintenance", _("Level-1 maintenance (一级维护)")
    MINOR_REPAIR = "minor_repair", _("Minor repair (小修)")
    SPECIAL_REPAIR = "special_repair", _("Special repair (专项修理)")
    INSPECTION = "inspection", _("Inspection only (检测)")


class LineKind(models.TextChoices):
    LABOUR = "labour", _("Labour")
    PART = "part", _("Part")


class PartClass(models.TextChoices):
    """How a part is labelled and priced openly (原厂/同质/修复)."""

    ORIGINAL = "original", _("Original (原厂)")
    EQUIVALENT = "equivalent", _("Equivalent quality (同质)")
    REMANUFACTURED = "remanufactured", _("Remanufactured (修复)")


class LineDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class DecisionChannel(models.TextChoices):
    PORTAL = "portal", _("Owner portal")
    PHONE = "phone", _("Phone call")
    IN_STORE = "in_store", _("In the store")


class FuelLevel(models.TextChoices):
    EMPTY = "0", _("Empty")
    QUARTER = "25", "1/4"
    HALF = "50", "1/2"
    THREE_QUARTERS = "75", "3/4"
    FULL = "100", _("Full")


class MediaPurpose(models.TextChoices):
    WALK_AROUND = "walk_around", _("Walk-around photo")
    PROGRESS = "progress", _("Progress photo or video")
    OLD_PART = "old_part", _("Old part")
    NEW_PART = "new_part", _("New part")


class DeliveryStep(models.TextChoices):
    """The six-step delivery confirmation, in the order it is done with the owner."""

    CLEANLINESS = "cleanliness", _("Car handed back clean")
    ITEMS_DONE = "items_done", _("Work done shown item by item")
    OLD_PARTS = "old_parts", _("Old parts returned or disposal agreed")
    EXPLANATIONS = "explanations", _("Findings and advice explained")
    INVOICE = "invoice", _("Invoice explained")
    NEXT_SERVICE = "next_service", _("Next service date agreed")


class OldPartsDisposal(models.TextChoices):
    """旧件处置 on the settlement list."""

    RETURNED = "returned", _("Returned to the owner (托修方回收)")
    WAIVED = "waived", _("Owner declined them (声明放弃)")
    NONE = "none", _("No old parts (无旧件)")


class ActivityKind(models.TextChoices):
    CREATED = "created", _("Work order opened")
    TRANSITION = "transition", _("Status changed")
    CHECK_IN = "check_in", _("Checked in")
    LINE_ADDED = "line_added", _("Estimate line added")
    LINE_REMOVED = "line_removed", _("Estimate line removed")
    LINE_APPROVED = "line_approved", _("Line approved")
    LINE_DECLINED = "line_declined", _("Line declined")
    PROGRESS = "progress", _("Progress posted")
    QC = "qc", _("Quality check recorded")
    DELIVERY_STEP = "delivery_step", _("Delivery step confirmed")
    INVOICE = "invoice", _("Invoice issued")
    BENEFIT = "benefit", _("Benefit redeemed")
    PAYMENT = "payment", _("Payment requested")
    RATING = "rating", _("Visit rated")
