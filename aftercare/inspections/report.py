"""The owner's report: plain explanations and next steps in the active language, urgent first.

One structure feeds the portal page, the shared page, the PDF and the API, so they always say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from aftercare.inspections import rules
from aftercare.inspections.models import Inspection, InspectionResult, Suggestion
from aftercare.inspections.selectors import result_list

REASONS = {
    "dtc": gettext_lazy("Trouble code %(code)s is stored: %(description)s"),
    "dtc_stored": gettext_lazy("%(count)s trouble codes are stored: %(codes)s"),
    "odometer_rollback": gettext_lazy("The odometer history has a reading lower than an earlier one (flagged)."),
    "odometer_lower": gettext_lazy("The odometer now reads %(km)s km, below the earlier %(highest)s km."),
    "mileage_due": gettext_lazy(
        "Since the last inspection at %(last)s km the car passed a %(interval)s km service interval (now %(km)s km)."
    ),
    "recall_open": gettext_lazy("Open campaign %(number)s concerns this part: %(component)s"),
    "carried_over": gettext_lazy("Found at the visit on %(since)s and not fixed yet. %(note)s"),
}

GRADE_TEXT = {
    "excellent": gettext_lazy("Excellent: nothing needs doing."),
    "good": gettext_lazy("Good: a few small things to keep an eye on."),
    "fair": gettext_lazy("Fair: several things need attention soon."),
    "poor": gettext_lazy("Poor: some things need fixing now."),
}


def _zh() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def reason_text(s: Suggestion) -> str:
    """One suggestion's reason in the active language."""
    template = REASONS.get(s.reason)
    if template is None:
        return s.reason
    params = dict(s.params)
    if s.reason == "dtc" and not params.get("description"):
        params["description"] = _("meaning not in the dictionary")
    if s.reason in ("mileage_due", "odometer_lower"):
        params = {k: f"{v:,}" if isinstance(v, int) else v for k, v in params.items()}
    try:
        return (str(template) % params).strip()
    except (KeyError, TypeError, ValueError):
        return str(template)


@dataclass
class ReportFinding:
    code: str
    verdict: str
    name: str
    name_other: str  # the item's name in the other language, for the technician's jargon
    section: str
    explanation: str
    next_step: str
    note: str
    reasons: list[str]
    photo_ids: list[int]


@dataclass
class Report:
    inspection: Inspection
    title: str
    grade: str
    grade_text: str
    findings: list[ReportFinding]
    ok_count: int
    attention_count: int
    urgent_count: int
    accident_suspected: bool
    completed_at: dt.datetime | None
    sections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def urgent(self) -> list[ReportFinding]:
        return [f for f in self.findings if f.verdict == "urgent"]

    @property
    def attention(self) -> list[ReportFinding]:
        return [f for f in self.findings if f.verdict == "attention"]


def _finding(r: InspectionResult) -> ReportFinding:
    item = r.item
    advice = item.local("urgent") if r.verdict == "urgent" else item.local("attention")
    return ReportFinding(
        code=item.code,
        verdict=r.verdict,
        name=item.name,
        name_other=item.name_en if _zh() else item.name_zh,
        section=item.section.name,
        explanation=item.local("plain"),
        next_step=advice,
        note=r.note,
        reasons=[reason_text(s) for s in r.suggestions.all()],
        photo_ids=[p.pk for p in r.photos.all()],
    )


def build(inspection: Inspection) -> Report:
    """The plain-language report of a completed (or in-progress, for staff preview) inspection."""
    results = result_list(inspection=inspection)
    lines = [rules.ReportLine(r.item.code, r.verdict, r.item.section.position, r.item.position) for r in results]
    by_code = {r.item.code: r for r in results}
    findings = [_finding(by_code[line.item_code]) for line in rules.report_order(lines)]
    sections: dict[int, dict[str, Any]] = {}
    for r in results:
        entry = sections.setdefault(
            r.item.section.position, {"name": r.item.section.name, "ok": 0, "attention": 0, "urgent": 0, "open": 0}
        )
        entry[r.verdict or "open"] += 1
    return Report(
        inspection=inspection,
        title=inspection.template.name,
        grade=inspection.grade,
        grade_text=str(GRADE_TEXT.get(inspection.grade, "")),
        findings=findings,
        ok_count=sum(1 for r in results if r.verdict == "ok"),
        attention_count=sum(1 for r in results if r.verdict == "attention"),
        urgent_count=sum(1 for r in results if r.verdict == "urgent"),
        accident_suspected=inspection.accident_suspected,
        completed_at=timezone.localtime(inspection.completed_at) if inspection.completed_at else None,
        sections=[sections[k] for k in sorted(sections)],
    )
