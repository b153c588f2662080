"""Refusals about recall campaigns and vehicle recalls, each with a message in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def campaign_not_found() -> NotFound:
    return NotFound("campaign_not_found", _("Recall campaign not found."))


def vehicle_recall_not_found() -> NotFound:
    return NotFound("vehicle_recall_not_found", _("This recall is not recorded for any car you can see."))


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def already_completed() -> DomainError:
    return DomainError(
        "recall_already_completed", _("This recall was already recorded as completed for this car."), status=409
    )


def import_unreadable(reason: str) -> DomainError:
    return DomainError("import_unreadable", _("The file cannot be read: %(reason)s"), params={"reason": reason})
