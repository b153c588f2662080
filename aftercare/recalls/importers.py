"""`aftercare import recalls PATH`: NHTSA recall files into campaigns with their coverage, streamed.

Reads, by their first line: FLAT_RCL as NHTSA publishes it (tab-separated, no header, 24-27 fields),
FLAT_RCL with a header row (CSV or TSV, e.g. the 20-make subset), the recall-document index
("NHTSA ID","DOCUMENT NAME","MAKE","MODEL","MODEL YEAR","SUMMARY") and the derived one-row-per-vehicle
list (nhtsa_id,make,model,model_year,...). Files may be plain, .gz or .zip (every member is read).
Rows arrive one (campaign, make, model, year) at a time; consecutive rows of a campaign are grouped,
groups are written in batches, and memory is bounded by one batch. Re-importing updates in place.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from aftercare.recalls import errors
from aftercare.recalls.choices import RecallKind, RecallSource
from aftercare.recalls.import_write import Group, ImportReport, batch_write
from aftercare.recalls.matching import aliases_load, keys_fill_missing

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # FLAT_RCL text fields run to 2,000 characters and more

FLAT_FIELDS = (
    "RECORD_ID", "CAMPNO", "MAKETXT", "MODELTXT", "YEARTXT", "MFGCAMPNO", "COMPNAME", "MFGNAME", "BGMAN",
    "ENDMAN", "RCLTYPECD", "POTAFF", "ODATE", "INFLUENCED_BY", "MFGTXT", "RCDATE", "DATEA", "RPNO", "FMVSS",
    "DESC_DEFECT", "CONEQUENCE_DEFECT", "CORRECTIVE_ACTION", "NOTES", "RCL_CMPT_ID", "MFR_COMP_NAME",
    "MFR_COMP_DESC", "MFR_COMP_PTNO",
)  # fmt: skip
MIN_FLAT_FIELDS = 21  # up to CORRECTIVE_ACTION
# Which recall document's summary best describes a campaign in the document index.
DOC_RANK = {"RCMN": 0, "RCONL": 1, "RIONL": 2, "RCRIT": 3, "RCSB": 4, "RCRN": 5, "RMISC": 6}
NUMBER_RE = re.compile(r"^\d{2}[A-Z][0-9A-Z]{3,10}$")
SHORT_NUMBER_RE = re.compile(r"^\d{2}[A-Z]\d{3}$")
UNKNOWN_YEAR = 9999
BATCH = 200


@dataclass
class Record:
    """One row reduced to what a campaign needs; line is where the row starts in its file."""

    line: int
    number: str
    vehicle: bool
    make: str
    model: str
    year: int | None
    text: dict[str, str] = field(default_factory=dict)
    summary_rank: int = 99
    built_from: dt.date | None = None
    built_to: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


def _decoded(stream: IO[bytes]) -> Iterator[str]:
    """Text lines; a line that is not UTF-8 is read as Windows-1252, as older NHTSA files are."""
    for raw in stream:
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")


def _sources(path: Path, stack: ExitStack) -> Iterator[tuple[str, Iterator[str]]]:
    """(name, lines) for the file, each member of a zip, or a gunzipped file."""
    if zipfile.is_zipfile(path):
        archive = stack.enter_context(zipfile.ZipFile(path))
        for info in archive.infolist():
            if not info.is_dir() and info.filename.lower().endswith((".txt", ".csv", ".tsv")):
                yield f"{path.name}:{info.filename}", _decoded(stack.enter_context(archive.open(info)))
        return
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    opened: IO[bytes] = gzip.open(path, "rb") if gzipped else path.open("rb")  # type: ignore[assignment]  # noqa: SIM115
    raw = stack.enter_context(opened)
    yield path.name, _decoded(raw)


def _date(value: str, name: str, warnings: list[str]) -> dt.date | None:
    value = value.strip()
    if not value or set(value) == {"0"}:
        return None
    try:
        return dt.datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        warnings.append(f"{name} {value!r} is not a date (YYYYMMDD); left empty")
        return None


def _number(raw: str) -> str:
    number = raw.strip().upper()
    return f"{number}000" if SHORT_NUMBER_RE.match(number) else number  # 20V001 is FLAT_RCL's 20V001000


def _record_check(line: int, number: str, make: str, model: str, year_raw: str) -> tuple[int | None, str]:
    """The model year (None when unknown) and '' or the reason the row cannot be used."""
    if not NUMBER_RE.match(number):
        return None, f"campaign number {number!r} is not an NHTSA number such as 20V123000"
    if not make or not model:
        return None, "make or model is empty"
    year_raw = year_raw.strip()
    if not (year_raw.isdigit() and len(year_raw) == 4):
        return None, f"model year {year_raw!r} is not a 4-digit year"
    year = int(year_raw)
    return (None if year == UNKNOWN_YEAR else year), ""


def _flat_record(line: int, row: dict[str, str]) -> Record | str:
    number = _number(row.get("CAMPNO", ""))
    make, model = row.get("MAKETXT", "").strip(), row.get("MODELTXT", "").strip()
    year, problem = _record_check(line, number, make, model, row.get("YEARTXT", ""))
    if problem:
        return problem
    rec = Record(line=line, number=number, vehicle=row.get("RCLTYPECD", "").strip() == "V", make=make,
                 model=model, year=year, summary_rank=0)  # fmt: skip
    rec.built_from = _date(row.get("BGMAN", ""), "BGMAN", rec.warnings)
    rec.built_to = _date(row.get("ENDMAN", ""), "ENDMAN", rec.warnings)
    if rec.built_from and rec.built_to and rec.built_from > rec.built_to:
        rec.warnings.append("production ends before it starts; production dates left empty")
        rec.built_from = rec.built_to = None
    rec.text = {
        "manufacturer": (row.get("MFGTXT") or row.get("MFGNAME") or "").strip(),
        "manufacturer_number": row.get("MFGCAMPNO", "").strip(),
        "component": row.get("COMPNAME", "").strip(),
        "summary": row.get("DESC_DEFECT", "").strip(),
        "consequence": row.get("CONEQUENCE_DEFECT", "").strip(),
        "remedy": row.get("CORRECTIVE_ACTION", "").strip(),
        "notes": row.get("NOTES", "").strip(),
        "report_date": row.get("RCDATE", "").strip(),
        "potentially_affected": row.get("POTAFF", "").strip(),
    }
    if row.get("ROW_MISALIGNED", "").strip() == "1":
        rec.warnings.append("the manufacturer's component columns are shifted in this row; they were not used")
    return rec


def _index_record(line: int, row: dict[str, str]) -> Record | str:
    lowered = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
    number = _number(lowered.get("nhtsa id") or lowered.get("nhtsa_id") or "")
    make, model = lowered.get("make", "").strip(), lowered.get("model", "").strip()
    year_raw = lowered.get("model year") or lowered.get("model_year") or ""
    year, problem = _record_check(line, number, make, model, year_raw)
    if problem:
        return problem
    doc_type = lowered.get("representative_doc_type") or (lowered.get("document name") or "").split("-")[0]
    summary = (lowered.get("summary") or lowered.get("representative_summary") or "").replace("\r\n", "\n").strip()
    return Record(line=line, number=number, vehicle=number[2] == "V", make=make, model=model, year=year,
                  text={"summary": summary}, summary_rank=DOC_RANK.get(doc_type.strip().upper(), 50))  # fmt: skip


def _records(lines: Iterator[str]) -> Iterator[tuple[int, Record | str]]:
    """(line, record or reason) for every data row, choosing the layout from the first line."""
    first = next(lines, "")
    if not first.strip():
        return
    chained = _chain(first, lines)
    upper = first.upper()
    if "CAMPNO" in upper:
        reader = csv.reader(chained, delimiter="\t" if "\t" in first else ",")
        header = [h.strip().upper() for h in next(reader)]
        make_row = _flat_record
    elif "NHTSA ID" in upper or "NHTSA_ID" in upper:
        reader = csv.reader(chained)
        header = [h.strip() for h in next(reader)]
        make_row = _index_record
    elif first.count("\t") >= MIN_FLAT_FIELDS - 1:
        reader = csv.reader(chained, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = []
        make_row = _flat_record
    else:
        raise errors.import_unreadable("not an NHTSA recall file (FLAT_RCL or recall-document index)")
    yield from _rows(reader, header, make_row)


def _rows(reader, header: list[str], make_row) -> Iterator[tuple[int, Record | str]]:  # type: ignore[no-untyped-def]
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if header:
            if len(values) != len(header):
                yield line, f"has {len(values)} fields where the header has {len(header)}"
                continue
            row = dict(zip(header, values, strict=True))
        else:
            if len(values) < MIN_FLAT_FIELDS or len(values) > len(FLAT_FIELDS):
                yield line, f"has {len(values)} tab-separated fields; FLAT_RCL has 24 to 27"
                continue
            row = dict(zip(FLAT_FIELDS, values, strict=False))
        yield line, make_row(line, row)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _groups(name: str, records: Iterable[tuple[int, Record | str]], report: ImportReport) -> Iterator[Group]:
    """Consecutive vehicle rows of one campaign as one group; other rows are counted or reported."""
    group: Group | None = None
    for line, rec in records:
        report.rows_read += 1
        if isinstance(rec, str):
            report.rejected.append((name, line, rec))
            continue
        if not rec.vehicle:
            report.skipped_not_vehicle += 1
            continue
        report.warnings.extend((name, rec.line, w) for w in rec.warnings)
        if group is None or group.number != rec.number:
            if group is not None:
                yield group
            group = Group(number=rec.number, source=RecallSource.NHTSA, kind=RecallKind.SAFETY_RECALL)
        group.add(rec.make, rec.model, rec.year, rec.built_from, rec.built_to, rec.text, rec.summary_rank)
    if group is not None:
        yield group


def recalls_import(*, path: Path, match: bool = True, batch: int = BATCH) -> ImportReport:
    """Import every campaign in the file; each batch commits on its own, so a re-run resumes cleanly."""
    report = ImportReport()
    aliases = aliases_load()
    seen: set[str] = set()
    if match:
        keys_fill_missing()
    with ExitStack() as stack:
        try:
            sources = list(_sources(path, stack))
        except (OSError, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
            raise errors.import_unreadable(str(exc)) from exc
        for name, lines in sources:
            report.files.append(name)
            pending: list[Group] = []
            try:
                for group in _groups(name, _records(lines), report):
                    pending.append(group)
                    if len(pending) >= batch:
                        batch_write(pending, seen, aliases, report, match=match)
                        pending = []
            except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile, csv.Error) as exc:
                raise errors.import_unreadable(f"{name}: {exc}") from exc
            batch_write(pending, seen, aliases, report, match=match)
    return report


def command_import(*, path: Path) -> list[str]:
    """The lines `aftercare import recalls PATH` prints."""
    return recalls_import(path=path).lines()
