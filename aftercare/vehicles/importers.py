"""`aftercare import wmi PATH`: load a WMI → manufacturer table from CSV."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from aftercare.vehicles import errors
from aftercare.vehicles.models import Wmi

BUNDLED_WMI = Path(__file__).parent / "data" / "wmi_cn.csv"
_WMI_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{3}([A-HJ-NPR-Z0-9]{3})?$")
_CODE_COLUMNS = ("wmi", "code")
_NAME_COLUMNS = ("manufacturer", "manufacturer_name", "make", "name")


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, created, updated, and rows it could not use (with line numbers)."""

    read: int
    created: int
    updated: int
    rejected: list[tuple[int, str]]


def _rows(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, code, manufacturer, country) from a headed CSV or a headerless 'code,name' file."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    first = [c.strip().lower() for c in next(csv.reader(lines[:1]), [])]
    code_col = next((c for c in _CODE_COLUMNS if c in first), None)
    name_col = next((c for c in _NAME_COLUMNS if c in first), None)
    if code_col and name_col:
        out = []
        for n, row in enumerate(csv.DictReader(lines), start=2):
            spill = row.pop(None, None) or []  # unquoted commas in the last column spill into extra fields
            lowered = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if spill and first[-1] == name_col:
                lowered[name_col] = ",".join([lowered[name_col], *spill]).strip()
            out.append((n, lowered.get(code_col, ""), lowered.get(name_col, ""), lowered.get("country", "")))
        return out
    # Headerless "WMI,Name, possibly, with commas": split on the first comma only.
    out_raw: list[tuple[int, str, str, str]] = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            code, _, name = line.partition(",")
            out_raw.append((n, code, name, ""))
    return out_raw


@transaction.atomic
def wmi_import(*, path: Path) -> ImportReport:
    """Upsert every valid row; the first row for a code in the file wins. All rows or none are written."""
    try:
        rows = _rows(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.wmi_file_unreadable(str(path)) from exc
    wanted: dict[str, tuple[str, str]] = {}
    rejected: list[tuple[int, str]] = []
    for line, code, name, country in rows:
        code, name = code.strip().upper(), name.strip().strip('"')
        if not _WMI_RE.match(code):
            rejected.append((line, f"bad WMI {code!r}"))
        elif not name:
            rejected.append((line, "no manufacturer"))
        elif code in wanted:
            rejected.append((line, f"duplicate {code}"))
        else:
            wanted[code] = (name[:200], country.strip()[:64])
    if not wanted:
        raise errors.wmi_file_empty(str(path))
    existing = {w.code: w for w in Wmi.objects.filter(code__in=wanted)}
    source = path.name[:100]
    created, updated = [], []
    for code, (name, country) in wanted.items():
        row = existing.get(code)
        if row is None:
            created.append(Wmi(code=code, manufacturer=name, country=country, source=source))
        elif (row.manufacturer, row.country, row.source) != (name, country, source):
            row.manufacturer, row.country, row.source = name, country, source
            updated.append(row)
    Wmi.objects.bulk_create(created, batch_size=500)
    Wmi.objects.bulk_update(updated, ["manufacturer", "country", "source"], batch_size=500)
    return ImportReport(read=len(rows), created=len(created), updated=len(updated), rejected=rejected)
