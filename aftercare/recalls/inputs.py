"""Validation of campaigns as an operator types them; every problem is collected before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.recalls.choices import RecallKind, RecallSource

FieldErrors = dict[str, list[str | Promise]]
NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{2,31}$")
VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
EARLIEST_YEAR, LATEST_YEAR_AHEAD = 1950, 2


@dataclass(frozen=True)
class CoverageInput:
    """One coverage row as typed: make and model required, the rest optional."""

    make: str
    model: str
    year_from: int | None = None
    year_to: int | None = None
    vin_from: str = ""
    vin_to: str = ""
    built_from: dt.date | None = None
    built_to: dt.date | None = None


@dataclass(frozen=True)
class CampaignInput:
    """A campaign as an operator enters it (for example a SAMR recall of a domestic brand)."""

    number: str
    kind: str
    source: str
    summary: str
    remedy: str
    manufacturer: str = ""
    component: str = ""
    consequence: str = ""
    report_date: dt.date | None = None
    coverages: list[CoverageInput] = field(default_factory=list)


def _add(problems: FieldErrors, name: str, message: str | Promise) -> None:
    problems.setdefault(name, []).append(message)


def campaign_clean(data: CampaignInput, today: dt.date, problems: FieldErrors) -> None:
    """Check the campaign fields and every coverage row (fields are named coverages.N.field)."""
    if not NUMBER_RE.match(data.number.strip()):
        _add(problems, "number", _("Enter the campaign number: 3 to 32 letters, digits or - _ / ."))
    if data.kind not in RecallKind.values:
        _add(problems, "kind", _("Choose safety recall or technical upgrade."))
    if data.source not in RecallSource.values:
        _add(problems, "source", _("Choose where the campaign was published."))
    if not data.summary.strip():
        _add(problems, "summary", _("Describe the defect or the upgrade."))
    if not data.remedy.strip():
        _add(problems, "remedy", _("Describe what the store will do to the car."))
    if data.report_date is not None and data.report_date > today:
        _add(problems, "report_date", _("The report date cannot be in the future."))
    if not data.coverages:
        _add(problems, "coverages", _("Add at least one make and model the campaign covers."))
    for index, row in enumerate(data.coverages):
        coverage_clean(row, today, problems, prefix=f"coverages.{index}.")


def coverage_clean(row: CoverageInput, today: dt.date, problems: FieldErrors, *, prefix: str = "") -> None:
    """Check one coverage row: make and model required, ranges in order and plausible."""
    if not row.make.strip():
        _add(problems, f"{prefix}make", _("Enter the make."))
    if not row.model.strip():
        _add(problems, f"{prefix}model", _("Enter the model."))
    latest = today.year + LATEST_YEAR_AHEAD
    for name, year in (("year_from", row.year_from), ("year_to", row.year_to)):
        if year is not None and not EARLIEST_YEAR <= year <= latest:
            _add(problems, f"{prefix}{name}", _("A model year lies between 1950 and next year."))
    if row.year_from is not None and row.year_to is not None and row.year_from > row.year_to:
        _add(problems, f"{prefix}year_to", _("The last model year comes before the first."))
    vin_from, vin_to = row.vin_from.strip().upper(), row.vin_to.strip().upper()
    if bool(vin_from) != bool(vin_to):
        _add(problems, f"{prefix}vin_to", _("Enter both the first and the last VIN of the range, or neither."))
    for name, vin in (("vin_from", vin_from), ("vin_to", vin_to)):
        if vin and not VIN_RE.match(vin):
            _add(problems, f"{prefix}{name}", _("A VIN has 17 letters and digits, without I, O or Q."))
    if vin_from and vin_to and VIN_RE.match(vin_from) and VIN_RE.match(vin_to) and vin_from > vin_to:
        _add(problems, f"{prefix}vin_to", _("The last VIN comes before the first."))
    if row.built_from and row.built_to and row.built_from > row.built_to:
        _add(problems, f"{prefix}built_to", _("Production ends before it starts."))
