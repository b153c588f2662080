"""Refusals from work orders, each with a stable code and a message in English (translated to Chinese)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied

GUARD_MESSAGES: Mapping[str, Promise] = {
    "check_in_missing": _("Record the check-in (odometer and fuel level) first."),
    "estimate_empty": _("Add at least one estimate line before sending the estimate."),
    "estimate_undecided": _("The owner has to decide on every line, and approve at least one, first."),
    "lines_pending": _("Some estimate lines still wait for the owner's decision."),
    "qc_not_passed": _("The quality check has not been passed yet."),
    "delivery_incomplete": _("Confirm all six delivery steps with the owner first."),
    "invoice_unpaid": _("The invoice has not been paid yet."),
    "work_already_approved": _("Work has already been approved; it can no longer be cancelled."),
    "guard_unknown": _("This step is not configured correctly. Ask an administrator."),
}


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def work_order_not_found() -> NotFound:
    return NotFound("work_order_not_found", _("Work order not found."))


def line_not_found() -> NotFound:
    return NotFound("estimate_line_not_found", _("Estimate line not found."))


def attachment_not_found() -> NotFound:
    return NotFound("attachment_not_found", _("Photo or video not found."))


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def transition_not_allowed(from_label: str, to_label: str) -> DomainError:
    message = _("A work order cannot go from “%(from)s” to “%(to)s”.")
    return DomainError(
        "transition_not_allowed",
        message,
        fields={"to_state": [_("Not possible from the current status.")]},
        status=409,
        params={"from": from_label, "to": to_label},
    )


def guard_failed(code: str) -> DomainError:
    return DomainError(code, GUARD_MESSAGES.get(code, GUARD_MESSAGES["guard_unknown"]), status=409)


def wrong_state(message: str | Promise) -> DomainError:
    return DomainError("work_order_wrong_state", message, status=409)


def line_already_decided() -> DomainError:
    return DomainError("line_already_decided", _("This line has already been decided."), status=409)


def line_not_pending() -> DomainError:
    return DomainError("line_not_pending", _("Only lines still waiting for a decision can be removed."), status=409)


def already_rated() -> DomainError:
    return DomainError("already_rated", _("You have already rated this visit. Thank you!"), status=409)


def invoice_missing() -> DomainError:
    return DomainError("invoice_missing", _("The invoice has not been issued yet."), status=409)


def invoice_already_issued() -> DomainError:
    return DomainError("invoice_already_issued", _("The invoice has already been issued."), status=409)


def nothing_to_pay() -> DomainError:
    return DomainError("nothing_to_pay", _("Nothing is left to pay on this invoice."), status=409)


def vehicle_busy() -> DomainError:
    message = _("This car already has an open work order.")
    return DomainError("vehicle_has_open_work_order", message, fields={"vehicle_id": [message]}, status=409)


def no_owner() -> DomainError:
    return DomainError("vehicle_without_owner", _("This car has no current owner on record."))
