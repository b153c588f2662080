"""Refusals in Homecoming, each with a stable code and a message in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied

FieldErrors = dict[str, list[str | Promise]]

# Why an application was refused, in words an owner understands. Rendered when shown, so the language follows
# the reader; the parameters are stored with the enrolment.
REFUSAL_MESSAGES: Mapping[str, Promise] = {
    "not_individual": _(
        "Homecoming is for cars owned by a private person. The vehicle licence shows the car registered to a "
        "company or organisation."
    ),
    "channel_not_accepted": _("Cars bought through “%(channel)s” cannot join Homecoming at the moment."),
    "use_type_not_accepted": _(
        "Cars whose licence shows the use type “%(use_type)s” cannot join Homecoming at the moment."
    ),
    "held_too_short": _(
        "You have had the car for %(days)s days since %(since)s. Homecoming welcomes cars you have had for more "
        "than %(min_days)s days, counted from the purchase or transfer date."
    ),
}


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def enrolment_not_found() -> NotFound:
    return NotFound("enrolment_not_found", _("Enrolment not found."))


def wallet_not_found() -> NotFound:
    return NotFound("wallet_not_found", _("No benefits wallet matches this car and code."))


def benefit_not_found() -> NotFound:
    return NotFound("benefit_not_found", _("Benefit not found."))


def already_enrolled() -> DomainError:
    return DomainError("already_enrolled", _("This car is already enrolled in Homecoming for its owner."), status=409)


def no_current_owner() -> DomainError:
    return DomainError(
        "no_current_owner", _("Record the car's current owner before enrolling it in Homecoming."), status=409
    )


def benefit_already_redeemed() -> DomainError:
    return DomainError(
        "benefit_already_redeemed",
        _("This benefit has already been redeemed. Each benefit can be used once."),
        status=409,
    )


def benefit_not_redeemable() -> DomainError:
    return DomainError(
        "benefit_not_redeemable",
        _("This benefit stays active while the car is enrolled; there is nothing to redeem."),
        status=409,
    )


def wallet_closed() -> DomainError:
    return DomainError(
        "wallet_closed",
        _("This wallet belongs to a previous owner of the car and can no longer be used."),
        status=409,
    )


def store_not_participating() -> DomainError:
    message = _("This store does not take part in Homecoming, so it cannot redeem benefits.")
    return DomainError("store_not_participating", message, fields={"store_id": [message]}, status=409)


def store_not_yours() -> DomainError:
    message = _("You can redeem benefits only at the store you work at.")
    return DomainError("store_not_yours", message, fields={"store_id": [message]}, status=403)


def rules_invalid(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("rules_invalid", _("Please correct the highlighted fields."), fields=fields)


def store_not_found() -> NotFound:
    return NotFound("store_not_found", _("Store not found."))
