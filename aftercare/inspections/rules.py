"""Pure inspection decisions: machine pre-fill, the condition grade, the owner's report order, completeness.

Plain data in, values out; no Django, no I/O. Reasons are keys plus parameters so the caller can word them in
the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

OK, ATTENTION, URGENT = "ok", "attention", "urgent"
SEVERITY = {OK: 0, ATTENTION: 1, URGENT: 2}
VERDICTS = (OK, ATTENTION, URGENT)

# Sources of a suggestion (kept in step with choices.SuggestionSource).
TROUBLE_CODE, ODOMETER, MILEAGE, RECALL, CARRIED_OVER = "trouble_code", "odometer", "mileage", "recall", "carried_over"


@dataclass(frozen=True)
class ItemSpec:
    """How suggestions find one template item (from the item's `match` data)."""

    code: str
    dtc_prefixes: tuple[str, ...] = ()
    dtc_urgent_prefixes: tuple[str, ...] = ()
    recall_words: tuple[str, ...] = ()
    wear_km: int | None = None
    odometer: bool = False
    any_dtc: bool = False  # the fault-code scan item: any active code needs attention

    @classmethod
    def from_match(cls, code: str, match: Mapping[str, object]) -> ItemSpec:
        def strings(key: str) -> tuple[str, ...]:
            raw = match.get(key) or ()
            return tuple(str(x).upper() for x in raw) if isinstance(raw, (list, tuple)) else ()

        wear = match.get("wear_km")
        return cls(
            code=code,
            dtc_prefixes=strings("dtc"),
            dtc_urgent_prefixes=strings("dtc_urgent"),
            recall_words=strings("recall"),
            wear_km=int(wear) if isinstance(wear, (int, float, str)) and str(wear).isdigit() else None,
            odometer=bool(match.get("odometer")),
            any_dtc=bool(match.get("any_dtc")),
        )


@dataclass(frozen=True)
class DtcFact:
    code: str
    description: str = ""


@dataclass(frozen=True)
class RecallFact:
    number: str
    kind: str  # "safety_recall" | "technical_upgrade"
    component: str
    summary: str = ""


@dataclass(frozen=True)
class FindingFact:
    item_code: str
    severity: str
    note: str
    since: dt.date


@dataclass(frozen=True)
class OdometerFacts:
    """What the odometer history says: the highest trusted reading and whether a rollback was flagged."""

    km: int | None = None
    highest_trusted_km: int | None = None
    rollback_flagged: bool = False
    last_inspection_km: int | None = None  # odometer at the car's previous completed inspection


@dataclass(frozen=True)
class Suggestion:
    item_code: str
    verdict: str
    source: str
    reason: str
    params: Mapping[str, object] = field(default_factory=dict)


def _dtc_matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def dtc_suggestions(items: Sequence[ItemSpec], codes: Sequence[DtcFact]) -> list[Suggestion]:
    """Each recorded code suggests the items whose prefixes it matches; the scan item collects them all."""
    out: list[Suggestion] = []
    for dtc in codes:
        code = dtc.code.strip().upper()
        for item in items:
            if item.any_dtc:
                continue
            if _dtc_matches(code, item.dtc_prefixes):
                verdict = URGENT if _dtc_matches(code, item.dtc_urgent_prefixes) else ATTENTION
                params = {"code": code, "description": dtc.description}
                out.append(Suggestion(item.code, verdict, TROUBLE_CODE, "dtc", params))
    scan = [i for i in items if i.any_dtc]
    if codes and scan:
        listed = ", ".join(sorted({c.code.strip().upper() for c in codes}))
        out += [
            Suggestion(i.code, ATTENTION, TROUBLE_CODE, "dtc_stored", {"codes": listed, "count": len(codes)})
            for i in scan
        ]
    return out


def odometer_suggestions(items: Sequence[ItemSpec], facts: OdometerFacts) -> list[Suggestion]:
    """A flagged rollback, or a reading now lower than an earlier trusted one, needs the instruments looked at."""
    out: list[Suggestion] = []
    lower = facts.km is not None and facts.highest_trusted_km is not None and facts.km < facts.highest_trusted_km
    for item in (i for i in items if i.odometer):
        if facts.rollback_flagged:
            out.append(Suggestion(item.code, ATTENTION, ODOMETER, "odometer_rollback", {}))
        elif lower:
            params = {"km": facts.km, "highest": facts.highest_trusted_km}
            out.append(Suggestion(item.code, ATTENTION, ODOMETER, "odometer_lower", params))
    return out


def mileage_suggestions(items: Sequence[ItemSpec], km: int | None, last_km: int | None) -> list[Suggestion]:
    """Wear parts whose usual interval was passed since the previous inspection get a look (attention).

    Without a previous inspection nothing is suggested: total mileage alone says nothing about when a used car's
    parts were last replaced, and a flood of suggestions would bury the ones that matter.
    """
    if km is None or last_km is None or km <= last_km:
        return []
    return [
        Suggestion(i.code, ATTENTION, MILEAGE, "mileage_due", {"km": km, "last": last_km, "interval": i.wear_km})
        for i in items
        if i.wear_km and km // i.wear_km > last_km // i.wear_km
    ]


def recall_suggestions(items: Sequence[ItemSpec], recalls: Sequence[RecallFact]) -> list[Suggestion]:
    """An open campaign points at the items its component names; safety recalls are urgent."""
    out: list[Suggestion] = []
    for recall in recalls:
        component = recall.component.upper()
        verdict = URGENT if recall.kind == "safety_recall" else ATTENTION
        for item in items:
            if any(word in component for word in item.recall_words):
                params = {"number": recall.number, "component": recall.component, "kind": recall.kind}
                out.append(Suggestion(item.code, verdict, RECALL, "recall_open", params))
    return out


def carried_over_suggestions(items: Sequence[ItemSpec], findings: Sequence[FindingFact]) -> list[Suggestion]:
    """Last visit's unfixed findings come back with the same severity until someone finds the item ok."""
    codes = {i.code for i in items}
    return [
        Suggestion(
            f.item_code, f.severity, CARRIED_OVER, "carried_over", {"since": f.since.isoformat(), "note": f.note}
        )
        for f in findings
        if f.item_code in codes and f.severity in (ATTENTION, URGENT)
    ]


def prefill(
    items: Sequence[ItemSpec],
    *,
    codes: Sequence[DtcFact] = (),
    odometer: OdometerFacts = OdometerFacts(),
    recalls: Sequence[RecallFact] = (),
    findings: Sequence[FindingFact] = (),
) -> dict[str, list[Suggestion]]:
    """Every suggestion for every item, grouped by item code, most severe first."""
    every = [
        *carried_over_suggestions(items, findings),
        *recall_suggestions(items, recalls),
        *dtc_suggestions(items, codes),
        *odometer_suggestions(items, odometer),
        *mileage_suggestions(items, odometer.km, odometer.last_inspection_km),
    ]
    grouped: dict[str, list[Suggestion]] = {}
    for s in every:
        grouped.setdefault(s.item_code, []).append(s)
    return {code: sorted(group, key=lambda s: -SEVERITY[s.verdict]) for code, group in grouped.items()}


def suggested_verdict(suggestions: Sequence[Suggestion]) -> str:
    """The machine's view of an item: its most severe suggestion, or nothing."""
    return max((s.verdict for s in suggestions), key=SEVERITY.__getitem__, default="")


def suggestion_state(suggested: str, verdict: str) -> str:
    """'suggested' until a person decides; then 'confirmed' when they agree with the machine, else 'overridden'."""
    if not suggested:
        return "none"
    if not verdict:
        return "suggested"
    return "confirmed" if verdict == suggested else "overridden"


# --- Completion and grading ---------------------------------------------------------------------------------


def missing_verdicts(results: Iterable[tuple[str, str]]) -> list[str]:
    """Item codes (in order) that still have no human verdict: completion needs every one."""
    return [code for code, verdict in results if verdict not in VERDICTS]


@dataclass(frozen=True)
class GradeRules:
    """Condition-grade thresholds (data with code defaults)."""

    good_max_attention: int = 4
    fair_max_attention: int = 10
    fair_max_urgent: int = 0


DEFAULT_GRADE_RULES = GradeRules()


def condition_grade(
    attention: int, urgent: int, *, accident: bool = False, rules: GradeRules = DEFAULT_GRADE_RULES
) -> str:
    """excellent (nothing found) · good (a few attention items) · fair (many, no urgent) · poor (urgent or accident)."""
    if accident or urgent > rules.fair_max_urgent:
        return "poor"
    if attention == 0:
        return "excellent"
    if attention <= rules.good_max_attention:
        return "good"
    if attention <= rules.fair_max_attention:
        return "fair"
    return "poor"


def accident_suspected(results: Iterable[tuple[bool, str]]) -> bool:
    """GB/T 30323: a defect on any structural point (车体骨架) makes the car an accident car (事故车)."""
    return any(structural and verdict in (ATTENTION, URGENT) for structural, verdict in results)


@dataclass(frozen=True)
class ReportLine:
    item_code: str
    verdict: str
    section_position: int
    item_position: int


def report_order(lines: Iterable[ReportLine]) -> list[ReportLine]:
    """The owner's report: urgent first, then attention, each in the template's order; ok items left out."""
    found = [line for line in lines if line.verdict in (ATTENTION, URGENT)]
    return sorted(found, key=lambda x: (-SEVERITY[x.verdict], x.section_position, x.item_position))


def finding_changes(open_codes: Iterable[str], results: Iterable[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """After an inspection: (item -> severity to open or refresh, items whose open finding is now resolved)."""
    still_open = set(open_codes)
    carry: dict[str, str] = {}
    resolved: list[str] = []
    for code, verdict in results:
        if verdict in (ATTENTION, URGENT):
            carry[code] = verdict
        elif verdict == OK and code in still_open:
            resolved.append(code)
    return carry, resolved
