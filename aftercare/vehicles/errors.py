"""Refusals about vehicles, VINs, plates and licences, each with a message in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.vin import VinIssue

VIN_MESSAGES: Mapping[str, Promise] = {
    "vin_length": _("A VIN has %(expected)s characters; this one has %(length)s."),
    "vin_forbidden_letters": _("A VIN never contains the letters I, O or Q (found: %(letters)s)."),
    "vin_invalid_characters": _("A VIN may contain only digits and capital letters (found: %(characters)s)."),
    "vin_check_digit": _(
        "The check digit (position 9) does not match: it is %(actual)s but the other characters require "
        "%(expected)s. Check the VIN for a typing mistake."
    ),
    "vin_model_year_unknown": _("Position 10 (%(code)s) is not a model-year code."),
    "vin_serial_not_numeric": _("The last characters of the serial number are usually digits."),
}

PLATE_MESSAGES: Mapping[str, Promise] = {
    "plate_empty": _("Enter the licence plate."),
    "plate_province": _("A plate starts with a province abbreviation such as 京 or 粤 (found: %(char)s)."),
    "plate_length": _("A plate has 7 characters, or 8 for a new-energy plate (this one has %(length)s)."),
    "plate_authority": _("The second character of a plate is the issuing office's letter, A–Z (found: %(char)s)."),
    "plate_letters_io": _("Plates never use the letters I or O (found: %(letters)s)."),
    "plate_serial_format": _("The last 5 characters must be letters or digits, with at most 2 letters."),
    "plate_new_energy_format": _(
        "A new-energy plate has D or F first and 4 digits last (small car), or 5 digits then D or F (large vehicle)."
    ),
}


def vin_message(issue: VinIssue) -> str:
    """The message for one VIN issue in the active language."""
    return str(VIN_MESSAGES[issue.code]) % issue.params


def plate_message(code: str, params: Mapping[str, str]) -> str:
    """The message for a plate problem in the active language."""
    return str(PLATE_MESSAGES[code]) % dict(params)


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def vehicle_not_found() -> NotFound:
    return NotFound("vehicle_not_found", _("Vehicle not found."))


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def vin_already_yours() -> DomainError:
    message = _("This car is already in your garage.")
    return DomainError("vin_already_yours", message, fields={"vin": [message]}, status=409)


def vin_registered_elsewhere() -> DomainError:
    message = _(
        "This VIN is already registered to another owner. If you bought the car, ask your store to record the transfer."
    )
    return DomainError("vin_registered_to_other", message, fields={"vin": [message]}, status=409)


def vin_in_other_group() -> DomainError:
    message = _("This VIN is already registered with another dealer group.")
    return DomainError("vin_registered_other_group", message, fields={"vin": [message]}, status=409)


def vin_already_registered() -> DomainError:
    message = _("This VIN is already registered in your dealer group.")
    return DomainError("vin_already_registered", message, fields={"vin": [message]}, status=409)


def plate_taken() -> DomainError:
    message = _("Another vehicle already carries this plate.")
    return DomainError("plate_taken", message, fields={"plate": [message]}, status=409)


def wmi_file_unreadable(path: str) -> DomainError:
    return DomainError("wmi_file_unreadable", _("Cannot read the WMI file %(path)s."), params={"path": path})


def wmi_file_empty(path: str) -> DomainError:
    return DomainError("wmi_file_empty", _("The WMI file %(path)s holds no usable rows."), params={"path": path})
