"""`aftercare import KIND PATH`: load reference tables from files.

`wmi` lives here; higher apps add kinds by naming an importer in their AppConfig (`importers =
{"kind": "dotted.path"}`), so this lower app never imports them. An importer takes `path=` and
returns the lines to print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from aftercare.kernel.errors import DomainError
from aftercare.vehicles.importers import BUNDLED_WMI, wmi_import


def registered_importers() -> dict[str, str]:
    """Importer dotted paths by kind, as the installed apps declare them."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "importers", {}) or {})
    return found


class Command(BaseCommand):
    help = (
        "Import reference data. Kinds: wmi (CSV with wmi + manufacturer/make columns, or headerless "
        "'WMI,name'); recalls (NHTSA FLAT_RCL .txt/.tsv/.csv, .gz or .zip, or the recall-document index)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["wmi", *sorted(registered_importers())])
        parser.add_argument(
            "path", nargs="?", help="file to read; relative paths are tried under AFTERCARE_DATA_DIR too"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] != "wmi":
            if not options["path"]:
                raise CommandError(f"Give the file to import: aftercare import {options['kind']} PATH")
            importer: Callable[..., list[str]] = import_string(registered_importers()[options["kind"]])
            path = self._resolve(options["path"])
            try:
                lines = importer(path=path)
            except DomainError as exc:
                raise CommandError(exc.render_message()) from exc
            for line in lines:
                self.stdout.write(line)
            return
        path = self._resolve(options["path"])
        try:
            report = wmi_import(path=path)
        except DomainError as exc:
            raise CommandError(exc.render_message()) from exc
        self.stdout.write(
            f"{path.name}: read {report.read} rows, created {report.created}, updated {report.updated}, "
            f"rejected {len(report.rejected)}"
        )
        for line_no, why in report.rejected[:20]:
            self.stdout.write(f"  line {line_no}: {why}")
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
