"""Pricing cars the product knows (facts typed by staff or read from a vehicle) with a loaded model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from aftercare.valuation.pricing.factors import Factor, main_factors
from aftercare.valuation.pricing.frames import schema_get
from aftercare.valuation.pricing.model import PriceModel

INPUTS = ("fuel", "transmission", "engine_l")


@dataclass(frozen=True)
class CarFacts:
    """What a valuation needs to know about one car, in the product's units (km, litres)."""

    make: str
    model: str
    model_year: int
    mileage_km: float
    fuel: str | None = None
    transmission: str | None = None
    engine_l: float | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "make": self.make,
            "model": self.model,
            "model_year": self.model_year,
            "mileage_km": self.mileage_km,
            "fuel": self.fuel,
            "transmission": self.transmission,
            "engine_l": self.engine_l,
            **({"extras": dict(self.extras)} if self.extras else {}),
        }


@dataclass(frozen=True)
class Quote:
    """A model price with its 80 % interval, in the model's currency, and the main factors."""

    price: float
    low: float
    high: float
    currency: str
    coverage: float
    factors: tuple[Factor, ...]
    model_known: bool
    missing_inputs: tuple[str, ...]
    priced_by: str = "full"  # "full", or the fallback's pattern of blank inputs (see model.py)


def facts_frame(model: PriceModel, facts: Sequence[CarFacts], today: dt.date) -> pd.DataFrame:
    """The internal feature frame for product facts. Age counts from the model year to today."""
    schema = schema_get(str(model.info.get("schema", "uk")))
    rows = []
    for f in facts:
        row: dict[str, Any] = dict.fromkeys(schema.columns, np.nan)
        row |= {
            "make": f.make.strip().lower(),
            "model": f.model.strip().lower(),
            "age": float(max(0, today.year - f.model_year)),
            "mileage_km": float(f.mileage_km),
            "fuel": (f.fuel or "").strip().lower() or None,
            "transmission": (f.transmission or "").strip().lower() or None,
            "engine_l": f.engine_l if f.engine_l else np.nan,
        }
        row |= {k: v for k, v in f.extras.items() if k in schema.extras}
        rows.append(row)
    return pd.DataFrame(rows, columns=list(schema.columns))


def quote_many(
    model: PriceModel, facts: Sequence[CarFacts], today: dt.date, *, with_factors: bool = False
) -> list[Quote]:
    """Price many cars in one pass; factors (TreeSHAP) only when asked, since they cost more than prices."""
    if not facts:
        return []
    frame = facts_frame(model, facts, today)
    routes = model.routes(frame)
    price, low, high = model.predict(frame, routes)
    unseen = model.spec.unseen(frame)
    explained = model.contributions(frame) if with_factors else None
    currency = str(model.info.get("currency", ""))
    out = []
    for i, f in enumerate(facts):
        factors: tuple[Factor, ...] = ()
        if explained is not None:
            key = f"{frame.at[i, 'make']}/{frame.at[i, 'model']}"
            contrib, columns = explained[i]
            factors = tuple(main_factors(contrib, columns, frame.iloc[i], float(price[i]), model.model_stats.get(key)))
        out.append(
            Quote(
                price=float(price[i]),
                low=float(low[i]),
                high=float(high[i]),
                currency=currency,
                coverage=model.interval.coverage,
                factors=factors,
                model_known=not bool(unseen[i]),
                missing_inputs=tuple(k for k in INPUTS if getattr(f, k) in (None, "", 0)),
                priced_by=routes[i],
            )
        )
    return out
