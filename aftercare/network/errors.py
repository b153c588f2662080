"""Refusals from the network app."""

from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied


def store_not_found() -> NotFound:
    return NotFound("store_not_found", _("Store not found."))


def customer_not_found() -> NotFound:
    return NotFound("customer_not_found", _("Customer not found."))


def staff_not_found() -> NotFound:
    return NotFound("staff_not_found", _("Staff member not found."))


def permission_missing() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def staff_already_left() -> DomainError:
    return DomainError("staff_already_left", _("This staff member has already left."))


def no_successor() -> DomainError:
    return DomainError(
        "no_successor_advisor",
        _("No other active advisor in this dealer group can take over the customers."),
        fields={"successor_id": [_("Choose an active advisor in the same dealer group.")]},
    )


def successor_invalid() -> DomainError:
    return DomainError(
        "successor_invalid",
        _("The chosen successor is not an active advisor in the same dealer group."),
        fields={"successor_id": [_("Choose an active advisor in the same dealer group.")]},
    )


def advisor_invalid() -> DomainError:
    return DomainError(
        "advisor_invalid",
        _("The advisor must be an active advisor in your dealer group."),
        fields={"advisor_id": [_("Choose an active advisor in your dealer group.")]},
    )
