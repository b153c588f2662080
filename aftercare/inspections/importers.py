"""`aftercare import dtc PATH`: load an OBD-II trouble-code dictionary (CSV with or without header, or JSON).

Understood layouts (see AFTERCARE_DATA_DIR/obd_codes): headerless `code,description`; a headed CSV with
`code`, `description` and optionally `manufacturer` (GENERIC means generic); a JSON list of {Code, Description}.
Rows are upserted on (code, manufacturer); unusable rows are reported with their line, never guessed at.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from aftercare.inspections import errors
from aftercare.inspections.models import TroubleCode

CODE_RE = re.compile(r"^[PCBU][0-3][0-9A-F]{3}$")
GENERIC = {"", "GENERIC", "SAE", "ISO"}
BATCH = 2000


@dataclass(frozen=True)
class DtcRow:
    line: int
    code: str
    manufacturer: str
    description: str


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    lines = text.splitlines()
    first = [c.strip().lower() for c in next(csv.reader(lines[:1]), [])]
    if "code" in first and "description" in first:
        return [(n, {k.lower(): v for k, v in row.items() if k}) for n, row in enumerate(csv.DictReader(lines), 2)]
    return [(n, {"code": row[0], "description": row[1]}) for n, row in enumerate(csv.reader(lines), 1) if len(row) >= 2]


def _json_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    data = json.loads(text)
    if not isinstance(data, list):
        return []
    return [
        (n, {str(k).lower(): str(v) for k, v in entry.items()})
        for n, entry in enumerate(data, 1)
        if isinstance(entry, dict)
    ]


def parse(path: Path) -> tuple[list[DtcRow], list[tuple[int, str]]]:
    """Usable rows and (line, reason) for the rest."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        raw = _json_rows(text) if path.suffix.lower() == ".json" else _csv_rows(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise errors.dtc_file_unreadable(str(path)) from exc
    rows: list[DtcRow] = []
    rejected: list[tuple[int, str]] = []
    for line, row in raw:
        code = (row.get("code") or "").strip().upper()
        description = " ".join((row.get("description") or "").split())[:300]
        maker = (row.get("manufacturer") or "").strip().upper()
        if not CODE_RE.match(code):
            rejected.append((line, f"not a trouble code: {code[:20]!r}"))
        elif not description:
            rejected.append((line, f"{code}: no description"))
        else:
            rows.append(DtcRow(line, code, "" if maker in GENERIC else maker[:60], description))
    return rows, rejected


@transaction.atomic
def dtc_import(*, path: Path) -> tuple[int, int, list[tuple[int, str]]]:
    """Upsert the dictionary; returns (rows read, distinct codes stored, rejected rows)."""
    rows, rejected = parse(path)
    if not rows:
        raise errors.dtc_file_unreadable(str(path))
    latest = {(r.code, r.manufacturer): r for r in rows}  # the last definition of a duplicate wins
    objects = [
        TroubleCode(code=c, manufacturer=m, description=r.description, source=path.name[:100])
        for (c, m), r in latest.items()
    ]
    for start in range(0, len(objects), BATCH):
        TroubleCode.objects.bulk_create(
            objects[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["code", "manufacturer"],
            update_fields=["description", "source"],
        )
    return len(rows) + len(rejected), len(latest), rejected


def dtc_import_lines(*, path: Path) -> list[str]:
    """For `aftercare import dtc PATH`: what happened, in lines."""
    read, stored, rejected = dtc_import(path=path)
    lines = [f"{path.name}: read {read} rows, stored {stored} codes, rejected {len(rejected)}"]
    lines += [f"  line {line}: {why}" for line, why in rejected[:20]]
    if len(rejected) > 20:
        lines.append(f"  … and {len(rejected) - 20} more")
    return lines
