"""The pure rules: guards, line amounts, the invoice arithmetic (property-tested), guarantees, invoice numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare.kernel.money import to_fen, upper_rmb
from aftercare.workorders import rules

D = Decimal


def test_the_default_table_only_cancels_from_the_early_states() -> None:
    cancels = {r.from_state for r in rules.DEFAULT_TRANSITIONS if r.to_state == "cancelled"}
    assert cancels == {"booked", "checked_in", "diagnosing", "estimated"}
    assert not any(r.from_state in {"closed", "cancelled"} for r in rules.DEFAULT_TRANSITIONS)
    pairs = [(r.from_state, r.to_state) for r in rules.DEFAULT_TRANSITIONS]
    assert len(pairs) == len(set(pairs))


def test_the_guards_refuse_with_their_codes() -> None:
    nothing = rules.Facts()
    assert rules.guard_refusal("", nothing) is None
    assert rules.guard_refusal("has_estimate", nothing) == "estimate_empty"
    assert rules.guard_refusal("has_estimate", rules.Facts(line_count=1)) is None
    assert (
        rules.guard_refusal("estimate_decided", rules.Facts(line_count=2, pending_count=1, approved_count=1))
        == "estimate_undecided"
    )
    assert rules.guard_refusal("estimate_decided", rules.Facts(line_count=2, approved_count=0)) == "estimate_undecided"
    assert rules.guard_refusal("estimate_decided", rules.Facts(line_count=2, approved_count=1)) is None
    steps = frozenset({"a", "b"})
    assert (
        rules.guard_refusal(
            "delivery_complete", rules.Facts(delivery_steps_required=steps, delivery_steps_done=frozenset({"a"}))
        )
        == "delivery_incomplete"
    )
    assert (
        rules.guard_refusal("delivery_complete", rules.Facts(delivery_steps_required=steps, delivery_steps_done=steps))
        is None
    )
    assert rules.guard_refusal("invoice_paid", nothing) == "invoice_unpaid"
    assert rules.guard_refusal("no_such_guard", nothing) == "guard_unknown"


def test_line_amounts_round_half_up_to_the_fen() -> None:
    assert rules.labour_amount(D("1.5"), D("160.00")) == D("240.00")
    assert rules.labour_amount(D("0.33"), D("123.45")) == D("40.74")  # 40.7385
    assert rules.part_amount(D("3"), D("0.005")) == D("0.02")  # 0.015 → 0.02
    assert rules.part_amount(D("1"), D("0.005")) == D("0.01")


def test_guarantee_periods_follow_the_regulation_table() -> None:
    assert rules.GUARANTEE_BY_CATEGORY["complete_overhaul"] == (20_000, 100)
    assert rules.GUARANTEE_BY_CATEGORY["assembly_overhaul"] == (20_000, 100)
    assert rules.GUARANTEE_BY_CATEGORY["level_2_maintenance"] == (5_000, 30)
    for minor in ("level_1_maintenance", "minor_repair", "special_repair"):
        assert rules.GUARANTEE_BY_CATEGORY[minor] == (2_000, 10)
    end = rules.guarantee_end(delivered_on=dt.date(2025, 3, 1), odometer_km=52_000, days=30, km=5_000)
    assert end == rules.GuaranteeEnd(until=dt.date(2025, 3, 31), until_km=57_000, days=30, km=5_000)
    assert rules.guarantee_active(end, today=dt.date(2025, 3, 31), odometer_km=56_999)
    assert not rules.guarantee_active(end, today=dt.date(2025, 3, 20), odometer_km=57_001)  # whichever comes first
    assert not rules.guarantee_active(end, today=dt.date(2025, 4, 1), odometer_km=52_100)
    assert rules.guarantee_end(delivered_on=dt.date(2025, 3, 1), odometer_km=1, days=0, km=0) is None


def test_an_invoice_with_a_free_oil_service_and_a_car_age_discount() -> None:
    lines = [
        rules.ChargeLine(1, "labour", "oil_service", "保养工时", D("120.00")),
        rules.ChargeLine(2, "part", "oil_service", "机油 4L", D("368.00")),
        rules.ChargeLine(3, "labour", "brake_service", "更换刹车片", D("240.00")),
        rules.ChargeLine(4, "part", "brake_service", "刹车片", D("480.00")),
    ]
    invoice = rules.invoice_compute(
        lines,
        benefits=[rules.BenefitCover(ref=9, label="免费保养", job_types=frozenset({"oil_service"}))],
        percent=rules.PercentDiscount(label="车龄折扣 8%", rate=D("0.08")),
    )
    assert [x.payable for x in invoice.lines] == [D("0.00"), D("0.00"), D("220.80"), D("441.60")]
    assert invoice.labour_amount == D("360.00") and invoice.parts_amount == D("848.00")
    assert invoice.discount_total == D("545.60")
    assert invoice.total == D("662.40")
    # 220.80 / 1.13 = 195.398… → 195.40; 441.60 / 1.13 = 390.796… → 390.80
    assert invoice.net_total == D("586.20") and invoice.tax_total == D("76.20")
    assert invoice.benefits_used == (9,)
    assert invoice.tax_by_rate == ((D("0.13"), D("586.20"), D("76.20")),)


def test_a_benefit_with_a_limit_covers_no_more_than_the_limit() -> None:
    lines = [
        rules.ChargeLine(1, "labour", "oil_service", "x", D("300.00")),
        rules.ChargeLine(2, "part", "oil_service", "y", D("100.00")),
    ]
    invoice = rules.invoice_compute(
        lines, benefits=[rules.BenefitCover(1, "b", frozenset({"oil_service"}), D("350.00"))]
    )
    assert [x.discount for x in invoice.lines] == [D("300.00"), D("50.00")]
    assert invoice.total == D("50.00")


money = st.decimals(min_value=D("0"), max_value=D("99999.99"), places=2, allow_nan=False, allow_infinity=False)
line_st = st.builds(
    lambda i, kind, job, amount, rate: rules.ChargeLine(i, kind, job, "x", amount, rate),
    st.integers(1, 10_000),
    st.sampled_from(["labour", "part"]),
    st.sampled_from(["oil_service", "health_check", "brake_service"]),
    money,
    st.sampled_from([D("0.13"), D("0.09"), D("0.06"), D("0.03"), D("0")]),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(line_st, max_size=12),
    percent=st.decimals(min_value=D("0"), max_value=D("0.5"), places=3),
    limit=st.one_of(st.none(), money),
    oil=st.booleans(),
)
def test_invoice_totals_always_equal_the_sum_of_their_lines(lines, percent, limit, oil) -> None:
    benefits = [rules.BenefitCover(1, "b", frozenset({"oil_service" if oil else "health_check"}), limit)]
    inv = rules.invoice_compute(lines, benefits=benefits, percent=rules.PercentDiscount("p", percent))
    assert inv.total == sum((x.payable for x in inv.lines), D("0"))
    assert inv.discount_total == sum((x.discount for x in inv.lines), D("0"))
    assert inv.net_total + inv.tax_total == inv.total
    assert inv.labour_amount + inv.parts_amount - inv.discount_total == inv.total
    assert sum((n for _, n, _ in inv.tax_by_rate), D("0")) == inv.net_total
    for x in inv.lines:
        for value in (x.payable, x.discount, x.net, x.tax):
            assert value == to_fen(value) and value >= 0
        assert x.payable == x.amount - x.discount == x.net + x.tax
        assert x.net == to_fen(x.payable / (1 + x.vat_rate))
    covered = sum((d.amount for x in inv.lines for d in x.discounts if d.source == "benefit"), D("0"))
    if limit is not None:
        assert covered <= limit


def test_invoice_numbers_have_20_digits() -> None:
    number = rules.invoice_number(issued_on=dt.date(2025, 3, 1), store_id=42, sequence=7)
    assert number == "25000042060000000007" and len(number) == 20


def test_upper_case_amounts_for_the_total_in_words() -> None:
    assert upper_rmb(D("662.40")) == "陆佰陆拾贰元肆角整"
    assert upper_rmb(D("1005.07")) == "壹仟零伍元零柒分"
    assert upper_rmb(D("100000")) == "壹拾万元整"
    assert upper_rmb(D("10010.5")) == "壹万零壹拾元伍角整"
    assert upper_rmb(D("0")) == "零元整"
    assert upper_rmb(D("0.05")) == "伍分"


def test_money_refuses_floats_and_formats_yuan() -> None:
    import pytest

    from aftercare.kernel.money import yuan

    with pytest.raises(TypeError):
        to_fen(0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        to_fen("NaN")
    assert to_fen("2.675") == D("2.68") and to_fen(D("-0.005")) == D("-0.01")
    assert yuan(D("1234.5")) == "¥1,234.50" and yuan(D("-3")) == "-¥3.00"
