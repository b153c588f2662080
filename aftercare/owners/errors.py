"""Refusals about owners and their data."""

from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied


def owner_not_found() -> NotFound:
    return NotFound("owner_not_found", _("Owner not found."))


def name_required() -> DomainError:
    message = _("Enter the owner's name.")
    return DomainError("owner_name_required", message, fields={"name": [message]})


def email_invalid() -> DomainError:
    message = _("Enter a valid e-mail address.")
    return DomainError("owner_email_invalid", message, fields={"email": [message]})


def reveal_not_allowed() -> PermissionDenied:
    return PermissionDenied(
        "reveal_not_allowed", _("You do not have permission to see this owner's full personal data.")
    )


def reveal_reason_required() -> DomainError:
    message = _("Say why you need the full personal data; the reason is kept in the audit log.")
    return DomainError("reveal_reason_required", message, fields={"reason": [message]})


def consent_purpose_invalid() -> DomainError:
    message = _("Unknown consent purpose.")
    return DomainError("consent_purpose_invalid", message, fields={"purpose": [message]})
