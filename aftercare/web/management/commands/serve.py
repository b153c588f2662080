"""`aftercare serve`: print where to go and how to log in, then run the web server."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from aftercare.demo.logins import demo_logins


class Command(BaseCommand):
    help = "Run the web server (development server; production runs aftercare.wsgi under gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        addrport = options["addrport"]
        # With the auto-reloader the command runs again in a child process; greet only once.
        if os.environ.get("RUN_MAIN") != "true":
            self._greet(f"http://{addrport}/")
        call_command("runserver", addrport, use_reloader=not options["noreload"])

    def _greet(self, url: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nAftercare is running at {url}"))
        logins = demo_logins(base_url=url.rstrip("/"))
        if logins:
            self.stdout.write("\nDemo logins / 演示账号:")
            for line in logins:
                self.stdout.write(f"  {line}")
        self.stdout.write("")
