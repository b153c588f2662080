"""Pure decisions for work orders: the transition table's defaults and guards, line amounts, the invoice
arithmetic (tax-inclusive prices, VAT per line, rounding to the fen) and the repair quality guarantee.

No Django here: plain values in, plain values out; the clock is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def fen(value: Decimal) -> Decimal:
    """Round to the fen, half-up."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------------
# The state machine's default rows (seeded into the Transition table by migration; the table rules)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionRow:
    """One allowed move: who may make it (a permission, and whether the car's owner may) and its guard."""

    from_state: str
    to_state: str
    permission: str
    guard: str = ""
    owner_may: bool = False


P = "workorders."
EARLY_STATES = ("booked", "checked_in", "diagnosing", "estimated")

DEFAULT_TRANSITIONS: tuple[TransitionRow, ...] = (
    TransitionRow("booked", "checked_in", P + "check_in", "check_in_recorded"),
    TransitionRow("checked_in", "diagnosing", P + "post_progress"),
    TransitionRow("diagnosing", "estimated", P + "edit_estimate", "has_estimate"),
    TransitionRow("estimated", "approved", P + "record_approval", "estimate_decided", owner_may=True),
    TransitionRow("approved", "in_progress", P + "post_progress"),
    TransitionRow("in_progress", "quality_check", P + "post_progress", "no_pending_lines"),
    TransitionRow("quality_check", "in_progress", P + "quality_check"),
    TransitionRow("quality_check", "ready", P + "quality_check", "qc_passed"),
    TransitionRow("ready", "delivered", P + "deliver", "delivery_complete"),
    TransitionRow("delivered", "closed", P + "close_work_order", "invoice_paid"),
    *(
        TransitionRow(state, "cancelled", P + "cancel_work_order", "nothing_approved", owner_may=state == "booked")
        for state in EARLY_STATES
    ),
)

# States in which estimate lines may be added (extra work found during the repair is approved line by line).
ESTIMATE_OPEN_STATES = frozenset({"checked_in", "diagnosing", "estimated", "approved", "in_progress"})
# States in which the technician may post progress.
PROGRESS_STATES = frozenset({"checked_in", "diagnosing", "estimated", "approved", "in_progress", "quality_check"})
# States in which the owner may still decide on lines.
DECISION_STATES = frozenset({"estimated", "approved", "in_progress"})


@dataclass(frozen=True)
class Facts:
    """What the guards need to know about one work order, gathered by the transition service."""

    check_in_recorded: bool = False
    line_count: int = 0
    pending_count: int = 0
    approved_count: int = 0
    qc_passed: bool = False
    delivery_steps_done: frozenset[str] = frozenset()
    delivery_steps_required: frozenset[str] = frozenset()
    invoice_paid: bool = False


# guard name -> (predicate, refusal code). Codes map to messages in errors.py.
GUARDS: Mapping[str, tuple[Callable[[Facts], bool], str]] = {
    "check_in_recorded": (lambda f: f.check_in_recorded, "check_in_missing"),
    "has_estimate": (lambda f: f.line_count > 0, "estimate_empty"),
    "estimate_decided": (lambda f: f.pending_count == 0 and f.approved_count > 0, "estimate_undecided"),
    "no_pending_lines": (lambda f: f.pending_count == 0, "lines_pending"),
    "qc_passed": (lambda f: f.qc_passed, "qc_not_passed"),
    "delivery_complete": (lambda f: f.delivery_steps_required <= f.delivery_steps_done, "delivery_incomplete"),
    "invoice_paid": (lambda f: f.invoice_paid, "invoice_unpaid"),
    "nothing_approved": (lambda f: f.approved_count == 0, "work_already_approved"),
}


def guard_refusal(guard: str, facts: Facts) -> str | None:
    """The refusal code when the guard does not hold, else None. An unknown guard name refuses."""
    if not guard:
        return None
    entry = GUARDS.get(guard)
    if entry is None:
        return "guard_unknown"
    holds, code = entry
    return None if holds(facts) else code


# ------------------------------------------------------------------------------------------------
# Labour rates, job types and the repair quality guarantee (code defaults; the tables are data)
# ------------------------------------------------------------------------------------------------

# Network-wide default hourly labour rates (yuan, VAT included) per certification level; each store
# overrides them with its own rows. Placeholders for a store to set, not market figures.
DEFAULT_LABOUR_RATES: Mapping[str, Decimal] = {
    "junior": Decimal("120.00"),
    "intermediate": Decimal("160.00"),
    "senior": Decimal("220.00"),
}

# 机动车维修管理规定, 竣工出厂质量保证期 for 汽车 (REFERENCE §3.1): (km, days), whichever comes first.
GUARANTEE_BY_CATEGORY: Mapping[str, tuple[int, int]] = {
    "complete_overhaul": (20_000, 100),
    "assembly_overhaul": (20_000, 100),
    "level_2_maintenance": (5_000, 30),
    "level_1_maintenance": (2_000, 10),
    "minor_repair": (2_000, 10),
    "special_repair": (2_000, 10),
    "inspection": (0, 0),  # a check repairs nothing, so nothing is guaranteed
}

VAT_RATE_REPAIR = Decimal(
    "0.13"
)  # 加工修理修配服务 and goods, since 2019-04-01 and under the 增值税法 (REFERENCE §8.2)


@dataclass(frozen=True)
class JobTypeDefault:
    code: str
    name: str
    name_en: str
    category: str
    service_type: str = ""  # the appointments service type booked for this job, if any


DEFAULT_JOB_TYPES: tuple[JobTypeDefault, ...] = (
    JobTypeDefault("health_check", "车辆健康检测", "Vehicle health check", "inspection", "health-check"),
    JobTypeDefault(
        "oil_service", "常规保养（机油机滤）", "Oil service (oil and filter)", "level_1_maintenance", "oil-service"
    ),
    JobTypeDefault("level_2_service", "二级维护", "Level-2 maintenance", "level_2_maintenance", "major-service"),
    JobTypeDefault("general_repair", "常规维修", "General repair", "minor_repair", "general-repair"),
    JobTypeDefault("brake_service", "刹车系统维修", "Brake repair", "minor_repair"),
    JobTypeDefault("tyre_alignment", "轮胎与四轮定位", "Tyres and wheel alignment", "special_repair", "alignment"),
    JobTypeDefault("ac_service", "空调系统维修", "Air-conditioning repair", "special_repair", "ac-service"),
    JobTypeDefault("electrical_repair", "电气故障维修", "Electrical repair", "special_repair", "electrical"),
    JobTypeDefault("ev_battery_service", "新能源高压检修", "EV high-voltage service", "special_repair", "ev-hv"),
    JobTypeDefault("body_paint", "钣金喷漆", "Body and paint", "minor_repair", "body-paint"),
    JobTypeDefault("engine_overhaul", "发动机总成大修", "Engine overhaul", "assembly_overhaul"),
    JobTypeDefault("gearbox_overhaul", "变速箱总成维修", "Gearbox overhaul", "assembly_overhaul", "transmission"),
    JobTypeDefault("complete_overhaul", "整车大修", "Complete vehicle overhaul", "complete_overhaul"),
    JobTypeDefault("recall_campaign", "召回/技术升级", "Recall or technical upgrade", "special_repair"),
)

# Benefit kinds from the homecoming wallet and the job types each one pays for.
BENEFIT_JOB_TYPES: Mapping[str, frozenset[str]] = {
    "health_check": frozenset({"health_check"}),
    "oil_service": frozenset({"oil_service"}),
}


@dataclass(frozen=True)
class GuaranteeEnd:
    """When a repair's quality guarantee ends: on this date or at this odometer reading, whichever first."""

    until: dt.date
    until_km: int
    days: int
    km: int


def guarantee_end(*, delivered_on: dt.date, odometer_km: int, days: int, km: int) -> GuaranteeEnd | None:
    """The guarantee from the day the car leaves the workshop (维修竣工出厂之日); None when there is none."""
    if days <= 0 and km <= 0:
        return None
    return GuaranteeEnd(until=delivered_on + dt.timedelta(days=days), until_km=odometer_km + km, days=days, km=km)


def guarantee_active(end: GuaranteeEnd, *, today: dt.date, odometer_km: int) -> bool:
    """Still covered: neither the date nor the distance has been reached."""
    return today <= end.until and odometer_km <= end.until_km


# ------------------------------------------------------------------------------------------------
# Line amounts
# ------------------------------------------------------------------------------------------------

MAX_HOURS = Decimal("200")
MAX_QUANTITY = Decimal("1000")
MAX_UNIT_PRICE = Decimal("1000000")


def labour_amount(hours: Decimal, rate: Decimal) -> Decimal:
    """Hours × the hourly rate, to the fen."""
    return fen(hours * rate)


def part_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Quantity × unit price, to the fen."""
    return fen(quantity * unit_price)


# ------------------------------------------------------------------------------------------------
# The invoice
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChargeLine:
    """One approved line as charged: its tax-inclusive amount and VAT rate."""

    ref: int
    kind: str  # "labour" | "part"
    job_type: str
    description: str
    amount: Decimal
    vat_rate: Decimal = VAT_RATE_REPAIR


@dataclass(frozen=True)
class BenefitCover:
    """A benefit from the wallet that pays for the lines of some job types, up to an optional limit."""

    ref: int
    label: str
    job_types: frozenset[str]
    limit: Decimal | None = None


@dataclass(frozen=True)
class PercentDiscount:
    """A percentage off what is left of the eligible lines (e.g. the car-age discount)."""

    label: str
    rate: Decimal  # 0.10 = 10 %
    kinds: frozenset[str] = frozenset({"labour", "part"})


@dataclass(frozen=True)
class DiscountApplied:
    source: str  # "benefit" | "percent"
    ref: int | None
    label: str
    amount: Decimal


@dataclass(frozen=True)
class InvoiceLine:
    """A line after discounts: payable = amount − discounts = net + tax."""

    ref: int
    kind: str
    job_type: str
    description: str
    amount: Decimal
    discounts: tuple[DiscountApplied, ...]
    discount: Decimal
    payable: Decimal
    vat_rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Invoice:
    """Labour and materials listed separately, the discounts and VAT, totals that are sums of the lines."""

    lines: tuple[InvoiceLine, ...]
    labour_amount: Decimal
    parts_amount: Decimal
    discount_total: Decimal
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    tax_by_rate: tuple[tuple[Decimal, Decimal, Decimal], ...]  # (rate, net, tax)
    benefits_used: tuple[int, ...] = field(default=())


def _split_tax(payable: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """Tax-inclusive amount → (net, tax); the tax is what is left after rounding the net, so they add up."""
    net = fen(payable / (Decimal(1) + rate))
    return net, payable - net


def _apply_benefits(lines: Sequence[ChargeLine], benefits: Iterable[BenefitCover]) -> tuple[list[Decimal], dict]:
    """What each benefit covers on each line (benefits in order, lines in order, up to each limit)."""
    left = [line.amount for line in lines]
    applied: dict[int, list[DiscountApplied]] = {i: [] for i in range(len(lines))}
    for benefit in benefits:
        budget = benefit.limit
        for i, line in enumerate(lines):
            if line.job_type not in benefit.job_types or left[i] <= 0:
                continue
            cover = left[i] if budget is None else min(left[i], budget)
            if cover <= 0:
                continue
            left[i] -= cover
            if budget is not None:
                budget -= cover
            applied[i].append(DiscountApplied("benefit", benefit.ref, benefit.label, cover))
    return left, applied


def invoice_compute(
    lines: Sequence[ChargeLine],
    *,
    benefits: Sequence[BenefitCover] = (),
    percent: PercentDiscount | None = None,
) -> Invoice:
    """Apply benefits, then the percentage discount, then split VAT out of each tax-inclusive line."""
    left, applied = _apply_benefits(lines, benefits)
    if percent is not None and percent.rate > 0:
        for i, line in enumerate(lines):
            if line.kind in percent.kinds and left[i] > 0:
                cut = min(left[i], fen(left[i] * percent.rate))
                if cut > 0:
                    left[i] -= cut
                    applied[i].append(DiscountApplied("percent", None, percent.label, cut))
    out: list[InvoiceLine] = []
    for i, line in enumerate(lines):
        net, tax = _split_tax(left[i], line.vat_rate)
        out.append(
            InvoiceLine(
                ref=line.ref,
                kind=line.kind,
                job_type=line.job_type,
                description=line.description,
                amount=line.amount,
                discounts=tuple(applied[i]),
                discount=line.amount - left[i],
                payable=left[i],
                vat_rate=line.vat_rate,
                net=net,
                tax=tax,
            )
        )
    return _totals(out)


def _totals(lines: list[InvoiceLine]) -> Invoice:
    rates: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for line in lines:
        net, tax = rates.get(line.vat_rate, (ZERO, ZERO))
        rates[line.vat_rate] = (net + line.net, tax + line.tax)
    used = {d.ref for line in lines for d in line.discounts if d.source == "benefit" and d.ref is not None}
    return Invoice(
        lines=tuple(lines),
        labour_amount=sum((x.amount for x in lines if x.kind == "labour"), ZERO),
        parts_amount=sum((x.amount for x in lines if x.kind == "part"), ZERO),
        discount_total=sum((x.discount for x in lines), ZERO),
        net_total=sum((x.net for x in lines), ZERO),
        tax_total=sum((x.tax for x in lines), ZERO),
        total=sum((x.payable for x in lines), ZERO),
        tax_by_rate=tuple((rate, net, tax) for rate, (net, tax) in sorted(rates.items())),
        benefits_used=tuple(sorted(used)),
    )


# ------------------------------------------------------------------------------------------------
# Invoice numbers
# ------------------------------------------------------------------------------------------------


def invoice_number(*, issued_on: dt.date, store_id: int, sequence: int) -> str:
    """A 20-digit number in the shape of a 数电票 发票号码: yy + store (6) + day of year (3) + sequence (9)."""
    return f"{issued_on:%y}{store_id % 1_000_000:06d}{issued_on.timetuple().tm_yday:03d}{sequence % 10**9:09d}"


# ------------------------------------------------------------------------------------------------
# Who may do what (role -> level -> permissions granted from that level upward; seeded as LevelGrant rows)
# ------------------------------------------------------------------------------------------------

_ADVISOR_DESK = frozenset(
    {
        P + "check_in",
        P + "edit_estimate",
        P + "record_approval",
        P + "post_progress",
        P + "deliver",
        P + "close_work_order",
        P + "cancel_work_order",
        # What the counter needs from the apps below: redeeming vouchers on the invoice, completing recalls.
        "homecoming.redeem_benefit",
        "recalls.complete_recall",
    }
)

DEFAULT_LEVEL_GRANTS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "advisor": {"junior": _ADVISOR_DESK},
    "technician": {
        "junior": frozenset({P + "post_progress"}),
        "intermediate": frozenset({P + "edit_estimate"}),
        "senior": frozenset({P + "quality_check"}),
    },
    "manager": {"junior": _ADVISOR_DESK | {P + "quality_check"}},
}
