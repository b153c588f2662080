"""One valuation: the active model's price for the facts, adjusted by inspection condition and market index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aftercare.valuation import conf, errors, rules
from aftercare.valuation.pricing.factors import Factor
from aftercare.valuation.pricing.quote import CarFacts, quote_many


@dataclass(frozen=True)
class Condition:
    """What the latest completed health check or appraisal says (see inspections.selectors)."""

    grade: str
    urgent_count: int = 0
    attention_count: int = 0
    inspected_at: dt.datetime | None = None


@dataclass(frozen=True)
class Valuation:
    """A price with its 80 % interval and the main factors, in the model's currency."""

    facts: CarFacts
    price: Decimal
    low: Decimal
    high: Decimal
    currency: str
    model_price: Decimal
    condition: Condition | None
    condition_multiplier: Decimal
    market_factor: Decimal
    factors: tuple[Factor, ...]
    model_known: bool
    missing_inputs: tuple[str, ...]
    model_sha256: str
    model_info: dict[str, Any] = field(default_factory=dict)
    priced_by: str = "full"

    @property
    def schema(self) -> str:
        return str(self.model_info.get("schema", ""))

    @property
    def market(self) -> str:
        return str(self.model_info.get("market", ""))

    @property
    def measured(self) -> dict[str, Any]:
        """The model's hold-out accuracy for cars given the same inputs as this one (all of them, or the
        fallback's pattern of blank inputs); the overall figures when the file has no such breakdown."""
        metrics = dict(self.model_info.get("metrics") or {})
        same_inputs = (metrics.get("by_inputs") or {}).get(self.priced_by)
        return {**metrics, **same_inputs} if same_inputs else metrics


def facts_problems(facts: CarFacts, known_makes: list[str], today: dt.date) -> dict[str, list[str]]:
    """Plain-text problems keyed by field (the caller translates); empty when the facts can be priced."""
    problems: dict[str, list[str]] = {}
    if not facts.make.strip():
        problems["make"] = ["required"]
    elif known_makes and facts.make.strip().lower() not in known_makes:
        problems["make"] = ["unknown_make"]
    if not facts.model.strip():
        problems["model"] = ["required"]
    if not 1950 <= facts.model_year <= today.year + 1:
        problems["model_year"] = ["out_of_range"]
    if facts.mileage_km < 0 or facts.mileage_km > 2_000_000:
        problems["mileage_km"] = ["out_of_range"]
    if facts.engine_l is not None and not 0 <= facts.engine_l <= 10:
        problems["engine_l"] = ["out_of_range"]
    return problems


def known_makes() -> list[str]:
    model, _sha = conf.active_model()
    return list(model.spec.categories.get("make", []))


def value(
    facts: CarFacts,
    *,
    today: dt.date,
    condition: Condition | None = None,
    market_factor: float = 1.0,
    with_factors: bool = True,
) -> Valuation:
    """Price one car. Unknown makes are refused; an unknown model is priced (flagged) from its make."""
    model, sha = conf.active_model()
    makes = model.spec.categories.get("make", [])
    if makes and facts.make.strip().lower() not in makes:
        raise errors.make_unknown(facts.make)
    quote = quote_many(model, [facts], today, with_factors=with_factors)[0]
    multiplier = rules.condition_multiplier(condition.grade if condition else None)
    scale = multiplier * Decimal(str(round(market_factor, 4)))
    currency = quote.currency
    price = rules.money_round(Decimal(str(quote.price)) * scale, currency)
    factors = list(quote.factors)
    if condition is not None and multiplier != 1:
        amount = float(Decimal(str(quote.price)) * (multiplier - 1))
        factors.append(Factor(code="condition", amount=round(amount, 2), params={"grade": condition.grade}))
        factors.sort(key=lambda f: -abs(f.amount))
    return Valuation(
        facts=facts,
        price=price,
        low=min(price, rules.money_round(Decimal(str(quote.low)) * scale, currency)),
        high=max(price, rules.money_round(Decimal(str(quote.high)) * scale, currency)),
        currency=currency,
        model_price=rules.money_round(quote.price, currency),
        condition=condition,
        condition_multiplier=multiplier,
        market_factor=Decimal(str(round(market_factor, 4))),
        factors=tuple(factors),
        model_known=quote.model_known,
        missing_inputs=quote.missing_inputs,
        model_sha256=sha,
        model_info=dict(model.info),
        priced_by=quote.priced_by,
    )
