"""`aftercare vin check VIN`: one JSON object; exit 0 when valid, 1 when not."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from aftercare.vehicles.vincheck import vin_check


class Command(BaseCommand):
    help = "Validate and decode a VIN (ISO 3779 / GB 16735). Prints JSON; exits 1 when invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check one VIN")
        check.add_argument("vin")
        check.add_argument("--lang", default="en", choices=["en", "zh-hans"], help="language of the messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            result = vin_check(options["vin"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if not result["valid"]:
            sys.exit(1)
