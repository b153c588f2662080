"""The main factors behind one price, from TreeSHAP contributions, as plain data for sentences.

LightGBM's `pred_contrib` splits a log-price prediction into a base plus one term per feature. Terms
are grouped into things a person recognises (mileage, age, make and model, engine …). A group's
effect in money is what the price would lose or gain without it: price × (1 − e^(−φ)). The words are
chosen by the caller (gettext), from the code, the direction and the parameters returned here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

GROUPS: dict[str, tuple[str, ...]] = {
    "mileage": ("mileage_km", "km_per_year"),
    "age": ("age",),
    "model": ("make", "model"),
    "engine": ("engine_l", "power", "max_power"),
    "economy": ("mpg", "tax", "fuel_economy"),
    "fuel": ("fuel",),
    "transmission": ("transmission",),
    "body": ("body_type", "seats"),
    "region": ("region",),
    "damage": ("damage",),
    "seller": ("seller_type",),
}


@dataclass(frozen=True)
class Factor:
    """One reason for the price: what, which way, how much money, and the facts to quote."""

    code: str
    amount: float  # signed, in the model's currency
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return "up" if self.amount >= 0 else "down"


def _params(code: str, row: pd.Series, stats: dict[str, float] | None) -> dict[str, Any]:
    if code == "mileage":
        km = float(row["mileage_km"])
        params: dict[str, Any] = {"km": round(km)}
        # "100 % below the average" for a nearly new car reads as nonsense: only compare within 5–1,000 %.
        if stats and stats.get("mileage_km") and 0.05 <= km / stats["mileage_km"] <= 10:
            params["pct"] = round(100 * (km / stats["mileage_km"] - 1))
            params["average_km"] = round(stats["mileage_km"])
        return params
    if code == "age":
        params = {"years": round(float(row["age"]), 1)}
        if stats and stats.get("age") is not None:
            params["diff_years"] = round(float(row["age"]) - stats["age"], 1)
        return params
    if code == "model":
        return {"make": str(row["make"]), "model": str(row["model"])}
    if code == "engine" and "engine_l" in row and pd.notna(row["engine_l"]):
        return {"litres": round(float(row["engine_l"]), 1)}
    return {}


def main_factors(
    contributions: list[float],
    columns: list[str],
    row: pd.Series,
    price: float,
    stats: dict[str, float] | None,
    *,
    limit: int = 4,
    floor: float = 0.005,
) -> list[Factor]:
    """The `limit` largest effects (at least `floor` of the price), largest first.

    An input the car does not have is not a reason anyone can act on ("fuel type: raises the price"
    when the fuel is unknown), so groups whose inputs are all blank are left out."""
    by_name = dict(zip(columns, contributions, strict=True))
    factors = []
    for code, names in GROUPS.items():
        used = [n for n in names if n in by_name]
        if not used or all(n in row and pd.isna(row[n]) for n in used):
            continue
        phi = sum(by_name[n] for n in used)
        amount = price * (1 - math.exp(-phi))
        if abs(amount) >= floor * price:
            factors.append(Factor(code=code, amount=round(amount, 2), params=_params(code, row, stats)))
    factors.sort(key=lambda f: -abs(f.amount))
    return factors[:limit]
