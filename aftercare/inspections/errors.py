"""Refusals about inspections, each with a stable code and a message in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def inspection_not_found() -> NotFound:
    return NotFound("inspection_not_found", _("Inspection not found."))


def photo_not_found() -> NotFound:
    return NotFound("photo_not_found", _("Photo not found."))


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def no_store() -> DomainError:
    return DomainError(
        "inspection_needs_store",
        _("Only staff who work at a store can inspect a car. Ask your manager to assign you to a store."),
        status=403,
    )


def template_unknown() -> DomainError:
    message = _("Choose a health check or an appraisal template.")
    return DomainError("template_unknown", message, fields={"template": [message]})


def item_unknown() -> DomainError:
    message = _("This item is not part of this inspection.")
    return DomainError("item_unknown", message, fields={"item_code": [message]})


def verdict_invalid() -> DomainError:
    message = _("Choose OK, needs attention or urgent.")
    return DomainError("verdict_invalid", message, fields={"verdict": [message]})


def already_completed() -> DomainError:
    return DomainError(
        "inspection_completed", _("This inspection is already completed and can no longer be changed."), status=409
    )


def incomplete(missing: list[str], names: list[str]) -> DomainError:
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    shown = separator.join(names[:8]) + ("…" if len(names) > 8 else "")
    return DomainError(
        "inspection_incomplete",
        _("%(count)s items still need a verdict (ok, attention or urgent): %(items)s."),
        fields={"items": [_("Give every item a verdict before completing the inspection.")]},
        params={"count": len(missing), "items": shown},
    )


def photo_invalid(message: Promise) -> DomainError:
    return DomainError("photo_invalid", message, fields={"photo": [message]})


def dtc_file_unreadable(path: str) -> DomainError:
    return DomainError("dtc_file_unreadable", _("Cannot read the trouble-code file %(path)s."), params={"path": path})


def dtc_invalid(code: str) -> DomainError:
    message = _("A trouble code is a letter P, C, B or U and four characters, for example P0301.")
    return DomainError("dtc_invalid", message, fields={"codes": [message]}, params={"code": code})
