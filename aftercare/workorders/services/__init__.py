"""Writes for work orders. One transition service moves the state machine; the others record what happens on
the way (check-in, estimate, decisions, progress, quality check, invoice, delivery, payment, rating)."""

from aftercare.workorders.invoicing import invoice_preview
from aftercare.workorders.services.checkin import (
    CheckInInput,
    work_order_book,
    work_order_check_in,
    work_order_for_appointment,
    work_order_walk_in,
)
from aftercare.workorders.services.core import guarantee_by_job, guarantee_of, work_order_transition
from aftercare.workorders.services.delivery import (
    delivery_confirm,
    invoice_issue,
    quality_check_record,
    work_order_payment_request,
    work_order_rate,
)
from aftercare.workorders.services.estimate import LineInput, estimate_line_add, estimate_line_remove, line_decide
from aftercare.workorders.services.grants import reference_data_seed, workorder_grants_seed
from aftercare.workorders.services.progress import ProgressInput, progress_post

__all__ = [
    "CheckInInput",
    "LineInput",
    "ProgressInput",
    "delivery_confirm",
    "estimate_line_add",
    "estimate_line_remove",
    "guarantee_by_job",
    "guarantee_of",
    "invoice_issue",
    "invoice_preview",
    "line_decide",
    "progress_post",
    "quality_check_record",
    "reference_data_seed",
    "work_order_book",
    "work_order_check_in",
    "work_order_for_appointment",
    "work_order_payment_request",
    "work_order_rate",
    "work_order_transition",
    "work_order_walk_in",
    "workorder_grants_seed",
]
