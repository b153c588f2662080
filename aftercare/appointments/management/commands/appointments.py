"""`aftercare appointments remind`: send the day-before reminders (run daily from cron; never reminds twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aftercare.appointments.services import appointment_reminders_send


class Command(BaseCommand):
    help = "Booking housekeeping. `remind`: remind owners of tomorrow's bookings (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="send the day-before reminders (safe to run more than once)")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = appointment_reminders_send()
        self.stdout.write(f"reminders sent: {sent}")
