"""Pure valuation decisions: condition adjustment, price bands → offer terms, the nightly market index.

No Django, no I/O, the date is passed in. The numbers are code defaults (ADR 0010 explains each one);
a deployment may replace them through settings, never by editing logic.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# ---------------------------------------------------------------------------------------------
# Inspection condition (C4) → price multiplier
# ---------------------------------------------------------------------------------------------

CONDITION_GRADES = ("excellent", "good", "fair", "poor")

# The training prices are dealer listings, i.e. cars presented in retail-ready ("good") condition,
# so "good" is the neutral point. The other multipliers are a documented ASSUMPTION (ADR 0010):
# no public data set here links an inspection grade to a transaction price, so they cannot be fitted.
CONDITION_MULTIPLIERS: dict[str, Decimal] = {
    "excellent": Decimal("1.03"),
    "good": Decimal("1.00"),
    "fair": Decimal("0.93"),
    "poor": Decimal("0.82"),
}


def condition_multiplier(grade: str | None, multipliers: dict[str, Decimal] | None = None) -> Decimal:
    """The price multiplier for an inspection grade; no inspection (None) means no adjustment."""
    table = multipliers or CONDITION_MULTIPLIERS
    if grade is None:
        return Decimal("1")
    if grade not in table:
        raise ValueError(f"unknown condition grade {grade!r}")
    return table[grade]


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

# One-price offers are round numbers: to the nearest 100 yuan, 10 pounds, 1,000 rupees.
ROUNDING_STEP: dict[str, Decimal] = {"CNY": Decimal(100), "GBP": Decimal(10), "INR": Decimal(1000)}


def money_round(amount: float | Decimal, currency: str) -> Decimal:
    """An amount rounded to the currency's offer step (half up)."""
    step = ROUNDING_STEP.get(currency, Decimal(1))
    value = Decimal(str(amount))
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# Price bands → what a one-price offer includes
# ---------------------------------------------------------------------------------------------

INCLUDED_SERVICES = ("transfer_paperwork", "inspection", "reconditioning")
WARRANTY_SYSTEMS = ("engine", "steering", "transmission", "brakes", "suspension")


@dataclass(frozen=True)
class PriceBand:
    """Offers priced below `up_to` (None: no upper end) get this warranty tier and return window."""

    currency: str
    up_to: Decimal | None
    warranty_tier: str
    warranty_months: int
    warranty_km: int
    return_days: int


@dataclass(frozen=True)
class OfferTerms:
    """What an offer includes besides the price."""

    services: tuple[str, ...]
    warranty_tier: str
    warranty_months: int
    warranty_km: int
    warranty_systems: tuple[str, ...]
    return_days: int
    legal_minimum_applied: bool


# 二手车交易规范 (商务部 2006) [REFERENCE §4.3]: a dealer selling a car ≤ 3 years old or ≤ 60,000 km to an
# end user (operating cars excluded) owes ≥ 3 months or 5,000 km on engine, steering, transmission,
# brakes and suspension, whichever comes first.
LEGAL_MAX_AGE_YEARS = 3
LEGAL_MAX_KM = 60_000
LEGAL_WARRANTY_MONTHS = 3
LEGAL_WARRANTY_KM = 5_000


def _band(currency: str, up_to: int | None, tier: str, months: int, km: int, days: int) -> PriceBand:
    return PriceBand(currency, Decimal(up_to) if up_to is not None else None, tier, months, km, days)


DEFAULT_BANDS: tuple[PriceBand, ...] = (
    _band("CNY", 50_000, "basic", 3, 5_000, 3),
    _band("CNY", 150_000, "standard", 6, 10_000, 7),
    _band("CNY", 300_000, "extended", 12, 20_000, 7),
    _band("CNY", None, "premium", 12, 30_000, 15),
    # The demo's model is trained on UK listings and prices in GBP; the same tiers at GBP thresholds.
    _band("GBP", 5_000, "basic", 3, 5_000, 3),
    _band("GBP", 15_000, "standard", 6, 10_000, 7),
    _band("GBP", 30_000, "extended", 12, 20_000, 7),
    _band("GBP", None, "premium", 12, 30_000, 15),
)


def bands_problems(bands: Sequence[PriceBand]) -> list[str]:
    """Why a band table is unusable: unordered, no open top band, or a warranty under the legal minimum."""
    problems: list[str] = []
    for currency in sorted({b.currency for b in bands}):
        own = [b for b in bands if b.currency == currency]
        ups = [b.up_to for b in own[:-1]]
        if own[-1].up_to is not None or any(u is None for u in ups):
            problems.append(f"{currency}: only the last band may be open-ended, and it must be")
        elif any(a >= b for a, b in itertools.pairwise(ups) if a is not None and b is not None):
            problems.append(f"{currency}: bands must rise")
        for b in own:
            if b.warranty_months < LEGAL_WARRANTY_MONTHS or b.warranty_km < LEGAL_WARRANTY_KM or b.return_days < 0:
                problems.append(f"{currency} {b.warranty_tier}: warranty below 3 months / 5,000 km")
    return problems


def band_for(price: Decimal, currency: str, bands: Sequence[PriceBand] = DEFAULT_BANDS) -> PriceBand:
    """The band a price falls in; ValueError for a currency with no bands."""
    for band in (b for b in bands if b.currency == currency):
        if band.up_to is None or price < band.up_to:
            return band
    raise ValueError(f"no price bands for {currency}")


def legal_warranty_due(*, age_years: float, km: int | None, operating: bool) -> bool:
    """True when the trade rules require the minimum dealer warranty for this car."""
    if operating:
        return False
    return age_years <= LEGAL_MAX_AGE_YEARS or (km is not None and km <= LEGAL_MAX_KM)


def offer_terms(
    price: Decimal,
    currency: str,
    *,
    age_years: float,
    km: int | None,
    operating: bool,
    bands: Sequence[PriceBand] = DEFAULT_BANDS,
) -> OfferTerms:
    """The band's terms, raised to the legal minimum where the trade rules require it."""
    band = band_for(price, currency, bands)
    months, km_cover, raised = band.warranty_months, band.warranty_km, False
    if legal_warranty_due(age_years=age_years, km=km, operating=operating):
        raised = months < LEGAL_WARRANTY_MONTHS or km_cover < LEGAL_WARRANTY_KM
        months, km_cover = max(months, LEGAL_WARRANTY_MONTHS), max(km_cover, LEGAL_WARRANTY_KM)
    return OfferTerms(
        services=INCLUDED_SERVICES,
        warranty_tier=band.warranty_tier,
        warranty_months=months,
        warranty_km=km_cover,
        warranty_systems=WARRANTY_SYSTEMS,
        return_days=band.return_days,
        legal_minimum_applied=raised,
    )


# ---------------------------------------------------------------------------------------------
# Nightly recalculation: the market index (the method of Manheim's MMR)
# ---------------------------------------------------------------------------------------------

# MMR: recent transactions only (13 months), outliers excluded, recent sales weighted more, a value
# only when there are enough transactions, recomputed nightly without human editing.
WINDOW_DAYS = 395
HALF_LIFE_DAYS = 45
OUTLIER_MADS = 3.0
CREDIBILITY_SALES = 8  # shrink toward "the model is right" until about this many sales agree


@dataclass(frozen=True)
class Sale:
    """One recorded transaction: when, and its price divided by the model's price for that car then."""

    sold_on: dt.date
    ratio: float


@dataclass(frozen=True)
class MarketIndex:
    """How far recent transactions sit from the model, after trimming and recency weighting."""

    factor: float
    used: int
    trimmed: int
    too_old: int
    weights: tuple[float, ...] = field(default=(), repr=False)


def market_index(
    sales: Iterable[Sale],
    *,
    today: dt.date,
    window_days: int = WINDOW_DAYS,
    half_life_days: float = HALF_LIFE_DAYS,
    outlier_mads: float = OUTLIER_MADS,
    credibility: float = CREDIBILITY_SALES,
) -> MarketIndex:
    """A multiplier for model prices from recent sales; 1.0 when there is no usable evidence."""
    recent: list[Sale] = []
    too_old = 0
    for s in sales:
        age = (today - s.sold_on).days
        if s.ratio <= 0 or age < 0:
            continue
        if age > window_days:
            too_old += 1
        else:
            recent.append(s)
    if not recent:
        return MarketIndex(1.0, 0, 0, too_old)
    logs = [math.log(s.ratio) for s in recent]
    median = _median(logs)
    mad = _median([abs(v - median) for v in logs]) * 1.4826 or 0.02  # ~1 σ for normal data
    kept = [(s, v) for s, v in zip(recent, logs, strict=True) if abs(v - median) <= outlier_mads * mad]
    weights = [0.5 ** ((today - s.sold_on).days / half_life_days) for s, _ in kept]
    mean_log = sum(w * v for w, (_, v) in zip(weights, kept, strict=True)) / sum(weights)
    n_eff = sum(weights) ** 2 / sum(w * w for w in weights)
    shrink = n_eff / (n_eff + credibility)
    return MarketIndex(math.exp(shrink * mean_log), len(kept), len(recent) - len(kept), too_old, tuple(weights))


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
