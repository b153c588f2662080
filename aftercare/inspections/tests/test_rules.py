"""Pure inspection rules: pre-fill from plain data, suggestion states, grades, report order, findings."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aftercare.inspections import rules

ITEMS = [
    rules.ItemSpec("DT14", dtc_prefixes=("P030",), dtc_urgent_prefixes=("P0300",)),
    rules.ItemSpec("DT13", dtc_prefixes=("P042", "P043"), recall_words=("EMISSION",)),
    rules.ItemSpec("DT22", any_dtc=True),
    rules.ItemSpec("CH01", recall_words=("SERVICE BRAKES", "制动")),
    rules.ItemSpec("CH04", wear_km=40_000),
    rules.ItemSpec("BE04", odometer=True),
    rules.ItemSpec("BE21"),
]


def test_trouble_codes_map_by_prefix_and_the_scan_item_collects_them() -> None:
    out = rules.prefill(ITEMS, codes=[rules.DtcFact("P0301", "Cylinder 1 Misfire"), rules.DtcFact("p0420")])
    assert [s.verdict for s in out["DT14"]] == ["attention"]
    assert out["DT14"][0].params == {"code": "P0301", "description": "Cylinder 1 Misfire"}
    assert out["DT13"][0].reason == "dtc"
    assert out["DT22"][0].params["codes"] == "P0301, P0420"
    assert rules.prefill(ITEMS, codes=[rules.DtcFact("P0300")])["DT14"][0].verdict == "urgent"


def test_recalls_match_component_words_in_english_and_chinese() -> None:
    recalls = [
        rules.RecallFact("21V123", "safety_recall", "SERVICE BRAKES, HYDRAULIC:ANTILOCK"),
        rules.RecallFact("S2025-1", "technical_upgrade", "制动软管"),
    ]
    out = rules.prefill(ITEMS, recalls=recalls)
    assert [(s.verdict, s.params["number"]) for s in out["CH01"]] == [("urgent", "21V123"), ("attention", "S2025-1")]
    assert "DT13" not in out


def test_odometer_rollback_and_lower_reading_flag_the_instruments() -> None:
    flagged = rules.prefill(
        ITEMS, odometer=rules.OdometerFacts(km=60_000, highest_trusted_km=50_000, rollback_flagged=True)
    )
    assert flagged["BE04"][0].reason == "odometer_rollback"
    lower = rules.prefill(ITEMS, odometer=rules.OdometerFacts(km=30_000, highest_trusted_km=50_000))
    assert lower["BE04"][0].params == {"km": 30_000, "highest": 50_000}
    assert "BE04" not in rules.prefill(ITEMS, odometer=rules.OdometerFacts(km=60_000, highest_trusted_km=50_000))


def test_mileage_wear_only_when_an_interval_was_passed_since_the_last_inspection() -> None:
    def due(km: int, last: int | None) -> bool:
        return "CH04" in rules.prefill(ITEMS, odometer=rules.OdometerFacts(km=km, last_inspection_km=last))

    assert not due(90_000, None)  # no history: total mileage says nothing about the pads
    assert not due(79_000, 41_000)
    assert due(80_500, 79_000)
    out = rules.prefill(ITEMS, odometer=rules.OdometerFacts(km=80_500, last_inspection_km=79_000))
    assert out["CH04"][0].params == {"km": 80_500, "last": 79_000, "interval": 40_000}


def test_carried_over_findings_keep_their_severity() -> None:
    since = dt.date(2025, 5, 1)
    findings = [
        rules.FindingFact("BE21", "attention", "门漆划痕", since),
        rules.FindingFact("XX01", "urgent", "", since),
    ]
    out = rules.prefill(ITEMS, findings=findings)
    assert out["BE21"][0].source == "carried_over" and out["BE21"][0].params["since"] == "2025-05-01"
    assert "XX01" not in out  # an item the template does not have


def test_suggestion_state_is_the_dual_track() -> None:
    assert rules.suggestion_state("", "ok") == "none"
    assert rules.suggestion_state("attention", "") == "suggested"
    assert rules.suggestion_state("attention", "attention") == "confirmed"
    assert rules.suggestion_state("attention", "ok") == "overridden"


@given(st.integers(0, 80), st.integers(0, 10), st.booleans())
def test_grade_is_monotonic_and_urgent_or_accident_is_poor(attention: int, urgent: int, accident: bool) -> None:
    order = ["excellent", "good", "fair", "poor"]
    grade = rules.condition_grade(attention, urgent, accident=accident)
    assert order.index(rules.condition_grade(attention + 1, urgent)) >= order.index(
        rules.condition_grade(attention, urgent)
    )
    if urgent or accident:
        assert grade == "poor"
    if not attention and not urgent and not accident:
        assert grade == "excellent"


@given(st.lists(st.tuples(st.sampled_from(["ok", "attention", "urgent", ""]), st.integers(1, 3), st.integers(1, 40))))
def test_report_puts_urgent_first_and_leaves_ok_out(rows: list[tuple[str, int, int]]) -> None:
    lines = [rules.ReportLine(f"I{n}", v, s, p) for n, (v, s, p) in enumerate(rows)]
    ordered = rules.report_order(lines)
    assert all(line.verdict in ("attention", "urgent") for line in ordered)
    severities = [rules.SEVERITY[line.verdict] for line in ordered]
    assert severities == sorted(severities, reverse=True)
    assert len(ordered) == sum(1 for v, _, _ in rows if v in ("attention", "urgent"))


def test_findings_open_refresh_and_resolve() -> None:
    carry, resolved = rules.finding_changes(
        ["BE21", "CH04"], [("BE21", "urgent"), ("CH04", "ok"), ("DT01", "attention")]
    )
    assert carry == {"BE21": "urgent", "DT01": "attention"}
    assert resolved == ["CH04"]


def test_missing_verdicts_and_accident_rule() -> None:
    assert rules.missing_verdicts([("A", "ok"), ("B", ""), ("C", "maybe")]) == ["B", "C"]
    assert rules.accident_suspected([(True, "attention"), (False, "urgent")])
    assert not rules.accident_suspected([(True, "ok"), (False, "urgent")])
