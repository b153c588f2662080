"""The price model: a full model for cars described like the training rows, a fallback for cars that are not.

Each part is seed-averaged LightGBM boosters on log price; the price is exp(mean of their predictions).

- The **full** part uses every column of the training file (for the UK file: road tax and mpg too). It
  prices a car only when the car has every input the training rows always had, because trees never
  taught what a missing value means read it as an arbitrary branch (measured: 19.6 % MAPE with tax and
  mpg blank, ADR 0010).
- The **fallback** part uses the inputs the product can know (make, model, age, mileage, fuel,
  transmission, engine) and was trained on the rows plus a copy with those optional inputs blanked at
  random, so it learned what each blank means.

The 80 % interval is split-conformal on log residuals, measured separately for the full part and for
each pattern of blank inputs of the fallback (a car known only by make, model, year and mileage gets a
wider interval than one with its engine size). Bounds are the point price times exp(±q).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from aftercare.valuation.pricing.frames import CATEGORICAL, COMMON

# km/year was tried and dropped: on the UK hold-out it cost 0.17 pp MAPE (6.31 % → 6.48 %, ADR 0010).
DERIVED: tuple[str, ...] = ()
# What every row has (frames refuses rows without them); the other COMMON columns may be blank.
KEY_INPUTS = ("make", "model", "age", "mileage_km")
FULL = "full"
LEVEL = "_level"  # suffix of a numeric column's categorical copy


@dataclass
class FeatureSpec:
    """Which columns go into the trees, the category levels of each categorical column, and which columns
    the training rows always had (a car missing one of those is not priced by this part)."""

    columns: list[str]
    categories: dict[str, list[str]]
    always_present: list[str] = field(default_factory=list)

    @classmethod
    def learn(cls, features: pd.DataFrame, levels: Iterable[str] = ()) -> FeatureSpec:
        """`levels`: numeric columns also given as a categorical copy (`<name>_level`, see frames.Schema)."""
        extra = [f"{c}{LEVEL}" for c in levels if c in features]
        columns = [*features.columns, *DERIVED, *extra]
        cats = {
            c: sorted(str(v) for v in _key(features, c).dropna().unique())
            for c in [*features.columns, *extra]
            if c in CATEGORICAL or c.endswith(LEVEL)
        }
        present = [str(c) for c in features.columns if not features[c].isna().any()]
        return cls(columns=columns, categories=cats, always_present=present)

    def matrix(self, features: pd.DataFrame) -> pd.DataFrame:
        """The model's input matrix; a category the model never saw becomes missing, not an error."""
        out = pd.DataFrame(index=features.index)
        for c in self.columns:
            if c in self.categories:
                values = _key(features, c).astype(object)
                known = values.isin(self.categories[c])
                out[c] = pd.Categorical(values.where(known, None), categories=self.categories[c])
            elif c == "km_per_year":
                out[c] = features["mileage_km"].astype(float) / (features["age"].astype(float) + 0.5)
            else:
                out[c] = pd.to_numeric(features[c], errors="coerce").astype(float)
        return out

    def accepts(self, features: pd.DataFrame) -> np.ndarray:
        """True for rows that have every column the training rows always had."""
        ok = np.ones(len(features), dtype=bool)
        for c in self.always_present:
            ok &= features[c].notna().to_numpy() if c in features else False
        return ok

    def unseen(self, features: pd.DataFrame, column: str = "model") -> np.ndarray:
        """True for rows whose value in `column` was not in the training data."""
        if column not in self.categories:
            return np.zeros(len(features), dtype=bool)
        return np.asarray(~_key(features, column).isin(self.categories[column]).to_numpy(), dtype=bool)

    def as_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "categories": self.categories, "always_present": self.always_present}


def _key(features: pd.DataFrame, column: str) -> pd.Series:
    # Model names repeat across makes (a "Model 3" is not a "3"): the model level is make/model.
    if column == "model":
        return features["make"].astype("string") + "/" + features["model"].astype("string")
    if column.endswith(LEVEL):
        numbers = pd.to_numeric(features[column.removesuffix(LEVEL)], errors="coerce")
        return numbers.map(lambda v: None if pd.isna(v) else f"{float(v):g}").astype("string")
    return features[column].astype("string")


@dataclass
class Part:
    """Boosters over one set of columns."""

    boosters: list[lgb.Booster]
    spec: FeatureSpec

    def predict_log(self, features: pd.DataFrame) -> np.ndarray:
        x = self.spec.matrix(features)
        return np.asarray(np.mean([b.predict(x) for b in self.boosters], axis=0), dtype=float)

    def contributions(self, features: pd.DataFrame) -> np.ndarray:
        """Per-row, per-column log-price contributions (TreeSHAP), averaged over boosters; last column = base."""
        x = self.spec.matrix(features)
        return np.asarray(np.mean([b.predict(x, pred_contrib=True) for b in self.boosters], axis=0))


def blank_patterns(inputs: Iterable[str]) -> list[tuple[str, ...]]:
    """Every set of optional inputs that may be blank, from none to all (2ⁿ patterns)."""
    names = list(inputs)
    return [combo for k in range(len(names) + 1) for combo in itertools.combinations(names, k)]


def pattern_key(blank: Iterable[str]) -> str:
    """'blank:' plus the sorted blank inputs, e.g. 'blank:engine_l,fuel'; 'blank:' when none is blank."""
    return "blank:" + ",".join(sorted(blank))


def blanked(features: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy with the given columns set to missing."""
    out = features.copy()
    for c in columns:
        out[c] = pd.Series(pd.NA, index=out.index, dtype="string") if c in CATEGORICAL else np.nan
    return out


@dataclass
class Interval:
    """How an 80 % interval is built and the numbers that build it."""

    coverage: float
    method: str
    q_log: float
    calibration_n: int

    def bounds(self, log_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.exp(log_pred - self.q_log), np.exp(log_pred + self.q_log)


@dataclass
class Fallback:
    """The part for cars with fewer inputs, and one interval per pattern of blank optional inputs."""

    part: Part
    inputs: list[str]
    intervals: dict[str, Interval]

    def pattern(self, features: pd.DataFrame) -> list[str]:
        blank = {c: features[c].isna().to_numpy() for c in self.inputs}
        return [pattern_key(c for c in self.inputs if blank[c][i]) for i in range(len(features))]


@dataclass
class PriceModel:
    """The full part, its interval, the fallback, and the facts the factor sentences need."""

    full: Part
    interval: Interval
    fallback: Fallback | None = None
    model_stats: dict[str, dict[str, float]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> FeatureSpec:
        return self.full.spec

    def routes(self, features: pd.DataFrame) -> list[str]:
        """Per row: 'full', or the fallback's blank-input pattern (which also names its interval)."""
        if self.fallback is None:
            return [FULL] * len(features)
        ok = self.full.spec.accepts(features)
        patterns = self.fallback.pattern(features)
        return [FULL if ok[i] else patterns[i] for i in range(len(features))]

    def _groups(self, features: pd.DataFrame, routes: list[str] | None) -> dict[str, np.ndarray]:
        routes = routes if routes is not None else self.routes(features)
        keys = np.asarray(routes, dtype=object)
        return {str(k): np.flatnonzero(keys == k) for k in dict.fromkeys(routes)}

    def _part_interval(self, route: str) -> tuple[Part, Interval]:
        if route == FULL or self.fallback is None:
            return self.full, self.interval
        interval = self.fallback.intervals.get(route) or max(self.fallback.intervals.values(), key=lambda i: i.q_log)
        return self.fallback.part, interval

    def predict_log(self, features: pd.DataFrame, routes: list[str] | None = None) -> np.ndarray:
        return self.predict_log_q(features, routes)[0]

    def predict_log_q(self, features: pd.DataFrame, routes: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Log price and the interval's half-width q (log scale) per row."""
        log_pred, q = np.zeros(len(features)), np.zeros(len(features))
        for route, rows in self._groups(features, routes).items():
            part, interval = self._part_interval(route)
            log_pred[rows] = part.predict_log(features.iloc[rows])
            q[rows] = interval.q_log
        return log_pred, q

    def predict(
        self, features: pd.DataFrame, routes: list[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point price, lower and upper bound of the 80 % interval, in the model's currency.

        `routes` forces a part per row (the metrics use it to score the fallback on complete rows)."""
        log_pred, q = self.predict_log_q(features, routes)
        return np.exp(log_pred), np.exp(log_pred - q), np.exp(log_pred + q)

    def contributions(self, features: pd.DataFrame) -> list[tuple[list[float], list[str]]]:
        """Per row: TreeSHAP log-price contributions of the part that priced it, and their column names."""
        out: list[tuple[list[float], list[str]]] = [([], [])] * len(features)
        for route, rows in self._groups(features, None).items():
            part, _interval = self._part_interval(route)
            contrib = part.contributions(features.iloc[rows])
            names = [*part.spec.columns, "_base"]
            for j, i in enumerate(rows):
                out[i] = (list(contrib[j]), names)
        return out

    @property
    def boosters(self) -> list[lgb.Booster]:
        """Every booster of the model (full first)."""
        return [*self.full.boosters, *(self.fallback.part.boosters if self.fallback else [])]


def model_stats_of(features: pd.DataFrame, prices: np.ndarray) -> dict[str, dict[str, float]]:
    """Per make/model: how many rows, average mileage and age, median price (for plain-word factors)."""
    df = pd.DataFrame(
        {"key": _key(features, "model"), "km": features["mileage_km"], "age": features["age"], "price": prices}
    )
    grouped = df.groupby("key", observed=True).agg(
        n=("price", "size"), mileage_km=("km", "mean"), age=("age", "mean"), price=("price", "median")
    )
    return {str(k): {c: round(float(v), 2) for c, v in row.items()} for k, row in grouped.iterrows()}


def fallback_columns(features: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The fallback's columns (the common ones the training rows have at all) and which of them may be blank."""
    columns = [c for c in COMMON if c in features and features[c].notna().any()]
    return columns, [c for c in columns if c not in KEY_INPUTS]
