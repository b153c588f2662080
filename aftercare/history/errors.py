"""Refusals about the vehicle history log, each with a message in Chinese and English."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def leaf_not_found() -> NotFound:
    return NotFound("leaf_not_found", _("No log entry has this leaf hash in a tree of that size."))


def bad_hash(field: str) -> DomainError:
    message = _("Enter a SHA-256 hash in base64 (44 characters) or hex (64 characters).")
    return DomainError(
        "invalid_input", _("Please correct the highlighted fields."), fields={field: [message]}, status=422
    )


def bad_sizes(field: str, size: int) -> DomainError:
    message = _("Choose tree sizes with 1 ≤ first ≤ second ≤ %(size)s.") % {"size": size}
    return DomainError(
        "invalid_input", _("Please correct the highlighted fields."), fields={field: [message]}, status=422
    )


def no_checkpoint() -> NotFound:
    return NotFound("no_checkpoint", _("No checkpoint has been published yet."))


def checkpoint_inconsistent(detail: str) -> DomainError:
    return DomainError(
        "checkpoint_inconsistent",
        _("The log is not consistent with the previous checkpoint (%(detail)s); nothing was published."),
        params={"detail": detail},
        status=409,
    )


def share_not_found() -> NotFound:
    return NotFound("share_not_found", _("This history link does not exist or was revoked."))
