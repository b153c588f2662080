"""`aftercare translations compile|check`: .po → .mo without GNU gettext, and a completeness gate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _catalogs() -> list[Path]:
    return sorted(Path(p) for base in settings.LOCALE_PATHS for p in Path(base).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "compile: write .mo files from .po (polib). check: every message translated and every .mo up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        import polib

        catalogs = _catalogs()
        if not catalogs:
            raise CommandError("No .po catalogs found under LOCALE_PATHS.")
        problems: list[str] = []
        for po_path in catalogs:
            po = polib.pofile(str(po_path))
            mo_path = po_path.with_suffix(".mo")
            if options["action"] == "compile":
                po.save_as_mofile(str(mo_path))
                self.stdout.write(f"compiled {mo_path.relative_to(settings.BASE_DIR)} ({len(po.translated_entries())})")
                continue
            problems += [f"{po_path.name}: untranslated {e.msgid!r}" for e in po.untranslated_entries()]
            problems += [f"{po_path.name}: fuzzy {e.msgid!r}" for e in po.fuzzy_entries()]
            if not mo_path.exists():
                problems.append(f"{mo_path} missing: run `aftercare translations compile`")
                continue
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
            stale = [e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
            if stale:
                problems.append(f"{mo_path.name} is stale ({len(stale)} entries): run `aftercare translations compile`")
        if problems:
            raise CommandError("\n".join(problems[:50]))
        if options["action"] == "check":
            self.stdout.write(f"translations complete: {len(catalogs)} catalog(s)")
