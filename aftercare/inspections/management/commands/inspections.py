"""`aftercare inspections templates | fonts`: reload bundled templates; prepare the PDF font."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aftercare.inspections import catalog, pdf
from aftercare.inspections.models import InspectionTemplate, TemplateItem, TemplateSection


class Command(BaseCommand):
    help = (
        "templates: load template files that are new or have a higher version (old versions stay for old "
        "inspections); fonts: make the static CJK font instances the PDF report embeds (once per machine)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["templates", "fonts"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "fonts":
            for style, path in pdf.font_files().items():
                self.stdout.write(f"{style or 'regular'}: {path}")
            return
        try:
            reports = catalog.load_all(models=(InspectionTemplate, TemplateSection, TemplateItem))
        except catalog.CatalogError as exc:
            raise CommandError(str(exc)) from exc
        for r in reports:
            state = "loaded" if r.created else "unchanged"
            self.stdout.write(f"{r.code} v{r.version}: {state} ({r.items} items)")
