"""Writes for bookings: book, reschedule, cancel, no-show, check-in, complete; pick-up and delivery; reminders."""

from aftercare.appointments.services.booking import (
    PickupInput,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_no_show,
    appointment_reschedule,
)
from aftercare.appointments.services.catalogue import service_types_seed
from aftercare.appointments.services.pickup import driver_assign, handover_record, pickup_addresses_reveal
from aftercare.appointments.services.reminders import appointment_reminders_send

__all__ = [
    "PickupInput",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_complete",
    "appointment_no_show",
    "appointment_reminders_send",
    "appointment_reschedule",
    "driver_assign",
    "handover_record",
    "pickup_addresses_reveal",
    "service_types_seed",
]
