"""`aftercare demo [--reset]`: load the demo dealer network (80 stores in 7 cities, staff, owners, cars)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from aftercare.demo.generator import DemoSummary, demo_generate
from aftercare.demo.logins import demo_logins
from aftercare.demo.reset import demo_delete, demo_exists


class Command(BaseCommand):
    help = "Load the demo dealer network: 80 stores in 7 cities with bays, staff, owners and cars."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo network first, then regenerate it.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Customers per store, as a fraction of the usual 15-23."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with transaction.atomic():
            if demo_exists():
                if not options["reset"]:
                    self.stdout.write("The demo network already exists; nothing to do. Use --reset to regenerate it.")
                    return
                demo_delete()
                self.stdout.write("Deleted the existing demo network.")
            summary = demo_generate(scale=options["scale"])
        self._report(summary, time.monotonic() - started)

    def _report(self, s: DemoSummary, seconds: float) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo network ready in {seconds:.1f} s:"))
        self.stdout.write(
            f"  {s.groups} dealer groups, {s.stores} stores, {s.bays} bays, {s.staff} staff\n"
            f"  {s.owners} owners, {s.vehicles} vehicles, {s.readings} odometer readings ({s.flagged} flagged)"
        )
        self.stdout.write("\nDemo logins / 演示账号:")
        for line in demo_logins():
            self.stdout.write(f"  {line}")
