"""`aftercare import wmi PATH`: load reference tables from files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aftercare.kernel.errors import DomainError
from aftercare.vehicles.importers import BUNDLED_WMI, wmi_import


class Command(BaseCommand):
    help = "Import reference data. Kinds: wmi (CSV with wmi + manufacturer/make columns, or headerless 'WMI,name')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["wmi"])
        parser.add_argument(
            "path", nargs="?", help="file to read; relative paths are tried under AFTERCARE_DATA_DIR too"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = self._resolve(options["path"])
        try:
            report = wmi_import(path=path)
        except DomainError as exc:
            raise CommandError(exc.render_message()) from exc
        self.stdout.write(
            f"{path.name}: read {report.read} rows, created {report.created}, updated {report.updated}, "
            f"rejected {len(report.rejected)}"
        )
        for line, why in report.rejected[:20]:
            self.stdout.write(f"  line {line}: {why}")
        if len(report.rejected) > 20:
            self.stdout.write(f"  … and {len(report.rejected) - 20} more")

    def _resolve(self, raw: str | None) -> Path:
        if not raw:
            return BUNDLED_WMI
        path = Path(raw)
        if not path.exists() and not path.is_absolute():
            candidate = Path(settings.AFTERCARE_DATA_DIR) / raw
            if candidate.exists():
                return candidate
        if not path.exists():
            raise CommandError(f"File not found: {raw} / 找不到文件：{raw}")
        return path
