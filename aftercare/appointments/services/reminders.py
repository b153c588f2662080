"""The day-before reminder: inbox and SMS, claimed row by row so it is never sent twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from aftercare.appointments.choices import AppointmentEventKind, AppointmentStatus
from aftercare.appointments.models import Appointment, AppointmentEvent
from aftercare.appointments.selectors import local_tz
from aftercare.kernel.clock import Clock, system_clock
from aftercare.notifications.choices import NotificationChannel
from aftercare.notifications.services import inbox_post, message_send


def appointment_reminders_send(*, clock: Clock = system_clock) -> int:
    """Remind owners of tomorrow's bookings by inbox and SMS; safe to run any number of times."""
    now = clock.now()
    tz = local_tz()
    tomorrow = now.astimezone(tz).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tz)
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        reminded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
    ).values_list("pk", flat=True)
    sent = 0
    for appointment_id in list(due):
        sent += _remind_one(appointment_id, now)
    return sent


@transaction.atomic
def _remind_one(appointment_id: int, now: dt.datetime) -> int:
    # The conditional update is the claim: a second run, even a parallel one, finds nothing to claim.
    claimed = Appointment.objects.filter(
        pk=appointment_id, status=AppointmentStatus.BOOKED, reminded_at__isnull=True
    ).update(reminded_at=now)
    if not claimed:
        return 0
    appointment = Appointment.objects.select_related("store", "service_type", "owner", "vehicle").get(pk=appointment_id)
    when = appointment.starts_at.astimezone(local_tz())
    text = _(
        "Reminder: %(service)s for %(plate)s tomorrow at %(time)s, %(store)s, %(address)s. "
        "To change or cancel, open My bookings."
    ) % {
        "service": appointment.service_type.name,
        "plate": appointment.vehicle.plate or appointment.vehicle.vin[-6:],
        "time": when.strftime("%H:%M"),
        "store": appointment.store.name,
        "address": appointment.store.address,
    }
    if appointment.owner.user_id:
        inbox_post(
            recipient_id=appointment.owner.user_id,
            kind="appointment_reminder",
            title=_("Your booking is tomorrow"),
            body=text,
            link=f"/my/appointments/{appointment.pk}/",
        )
    message_send(
        channel=NotificationChannel.SMS,
        address=appointment.owner.phone,
        kind="appointment_reminder",
        subject="",
        text=text,
    )
    AppointmentEvent.objects.create(
        appointment=appointment, kind=AppointmentEventKind.REMINDED, at=now, channel="", detail={"channel": "sms"}
    )
    return 1
