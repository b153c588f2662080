"""The price model: seed-averaged LightGBM boosters on log price with a split-conformal 80 % interval.

Prediction is exp(mean of the boosters' log-price predictions). The interval is the point price
times exp(±q), where q is the conformal quantile of absolute log residuals measured on rows the trees
never saw (see `train.py`), so about 80 % of new cars from the same market fall inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from aftercare.valuation.pricing.frames import CATEGORICAL

# km/year was tried and dropped: on the UK hold-out it cost 0.17 pp MAPE (6.31 % → 6.48 %, ADR 0010).
DERIVED: tuple[str, ...] = ()


@dataclass
class FeatureSpec:
    """Which columns go into the trees and the fixed category levels each categorical column has."""

    columns: list[str]
    categories: dict[str, list[str]]

    @classmethod
    def learn(cls, features: pd.DataFrame) -> FeatureSpec:
        columns = [*features.columns, *DERIVED]
        cats = {
            c: sorted(str(v) for v in _key(features, c).dropna().unique()) for c in features.columns if c in CATEGORICAL
        }
        return cls(columns=columns, categories=cats)

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

    def unseen(self, features: pd.DataFrame, column: str = "model") -> np.ndarray:
        """True for rows whose value in `column` was not in the training data."""
        if column not in self.categories:
            return np.zeros(len(features), dtype=bool)
        return np.asarray(~_key(features, column).isin(self.categories[column]).to_numpy(), dtype=bool)


def _key(features: pd.DataFrame, column: str) -> pd.Series:
    # Model names repeat across makes (a "Model 3" is not a "3"): the model level is make/model.
    if column == "model":
        return features["make"].astype("string") + "/" + features["model"].astype("string")
    return features[column].astype("string")


@dataclass
class Interval:
    """How the 80 % interval is built and the numbers that build it."""

    coverage: float
    method: str
    q_log: float
    calibration_n: int

    def bounds(self, log_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.exp(log_pred - self.q_log), np.exp(log_pred + self.q_log)


@dataclass
class PriceModel:
    """Boosters, the feature spec, the interval and the facts the factor sentences need."""

    boosters: list[lgb.Booster]
    spec: FeatureSpec
    interval: Interval
    model_stats: dict[str, dict[str, float]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def predict_log(self, features: pd.DataFrame) -> np.ndarray:
        x = self.spec.matrix(features)
        return np.asarray(np.mean([b.predict(x) for b in self.boosters], axis=0), dtype=float)

    def predict(self, features: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point price, lower and upper bound of the 80 % interval, in the model's currency."""
        log_pred = self.predict_log(features)
        low, high = self.interval.bounds(log_pred)
        return np.exp(log_pred), low, high

    def contributions(self, features: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
        """Per-row, per-feature log-price contributions (TreeSHAP), averaged over boosters; last column = base."""
        x = self.spec.matrix(features)
        contrib = np.mean([b.predict(x, pred_contrib=True) for b in self.boosters], axis=0)
        return contrib, [*self.spec.columns, "_base"]


def model_stats_of(features: pd.DataFrame, prices: np.ndarray) -> dict[str, dict[str, float]]:
    """Per make/model: how many rows, average mileage and age, median price (for plain-word factors)."""
    df = pd.DataFrame(
        {"key": _key(features, "model"), "km": features["mileage_km"], "age": features["age"], "price": prices}
    )
    grouped = df.groupby("key", observed=True).agg(
        n=("price", "size"), mileage_km=("km", "mean"), age=("age", "mean"), price=("price", "median")
    )
    return {str(k): {c: round(float(v), 2) for c, v in row.items()} for k, row in grouped.iterrows()}
