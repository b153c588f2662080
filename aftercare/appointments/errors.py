"""Refusals about bookings, each with a stable code and a message in English and Chinese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied

INVALID = _("Please correct the highlighted fields.")


def _filled(message: Promise, **params: object) -> Promise:
    """A message with its parameters, still translated only when shown (so one error renders in any language)."""
    filled: Promise = lazy(lambda: str(message) % params, str)()  # type: ignore[assignment]
    return filled


def invalid_input(fields: Mapping[str, Sequence[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", INVALID, fields={name: list(msgs) for name, msgs in fields.items()})


def appointment_not_found() -> NotFound:
    return NotFound("appointment_not_found", _("Appointment not found."))


def service_type_not_found() -> DomainError:
    message = _("Choose one of the services on offer.")
    return DomainError("service_type_not_found", message, fields={"service_type_id": [message]})


def store_not_found() -> NotFound:
    return NotFound("store_not_found", _("Store not found."))


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def starts_in_past() -> DomainError:
    message = _("This time has already passed. Choose a later time.")
    return DomainError("starts_in_past", message, fields={"starts_at": [message]})


def too_soon(minutes: int) -> DomainError:
    message = _filled(_("Bookings must start at least %(minutes)s minutes from now."), minutes=minutes)
    return DomainError("starts_too_soon", message, fields={"starts_at": [message]})


def too_far_ahead(days: int) -> DomainError:
    message = _filled(_("Bookings can be made at most %(days)s days ahead."), days=days)
    return DomainError("starts_too_far_ahead", message, fields={"starts_at": [message]})


def outside_opening_hours() -> DomainError:
    message = _("The store is closed at this time, or the service would run past closing time.")
    return DomainError("outside_opening_hours", message, fields={"starts_at": [message]})


def store_not_qualified() -> DomainError:
    message = _("This store has no bay or no qualified technician for this service.")
    return DomainError("store_not_qualified", message, fields={"service_type_id": [message]})


def slot_taken() -> DomainError:
    message = _("Sorry, this time has just been taken. Please choose another time.")
    return DomainError("slot_taken", message, fields={"starts_at": [message]}, status=409)


def vehicle_already_booked() -> DomainError:
    message = _("This car already has a booking that overlaps this time.")
    return DomainError("vehicle_already_booked", message, fields={"starts_at": [message]}, status=409)


def vehicle_without_owner() -> DomainError:
    message = _("This car has no current owner on record; record the owner before booking.")
    return DomainError("vehicle_without_owner", message, fields={"vehicle_id": [message]})


def bay_not_suitable() -> DomainError:
    message = _("This bay is not in the store or lacks the equipment for this service.")
    return DomainError("bay_not_suitable", message, fields={"bay_id": [message]})


def transition_refused(status: str) -> DomainError:
    return DomainError(
        "appointment_status",
        _("This is not possible while the appointment is %(status)s."),
        params={"status": status},
        status=409,
    )


def reschedule_refused() -> DomainError:
    return DomainError("reschedule_refused", _("Only a booking that has not started yet can be moved."), status=409)


def no_show_too_early() -> DomainError:
    return DomainError(
        "no_show_too_early", _("A no-show can be recorded only after the booked start time."), status=409
    )


def driver_invalid() -> DomainError:
    message = _("Choose an active member of this store's staff as the driver.")
    return DomainError("driver_invalid", message, fields={"driver_id": [message]})


def no_pickup() -> DomainError:
    return DomainError("no_pickup", _("This booking has no pick-up or delivery."), status=409)


def handover_out_of_order(expected: str | Promise) -> DomainError:
    message = _filled(_("Record the hand-overs in order; next is: %(stage)s."), stage=expected)
    return DomainError("handover_out_of_order", message, fields={"stage": [message]}, status=409)


def handover_not_needed() -> DomainError:
    message = _("This hand-over is not part of this booking's pick-up and delivery.")
    return DomainError("handover_not_needed", message, fields={"stage": [message]})
