"""Training and scoring: fixed seeds, duplicate-safe splits, split-conformal calibration, metrics.

The recipe (chosen by measurement, see docs/adr/0010-valuation-learner.md):
1. hold out 20 % of the file (rows hashed with the seed, so identical rows fall on the same side);
2. on the rest, grow the boosters on 85 %, calibrate the interval on the other 15 %, regrow on all;
3. score the hold-out → the metrics stored with the model;
4. refit the same recipe on every row (more data; the interval quantile is measured again on that
   run's own calibration rows) → the model that is saved.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from aftercare.valuation.pricing.frames import Frame
from aftercare.valuation.pricing.model import FeatureSpec, Interval, PriceModel, model_stats_of

COVERAGE = 0.80
HOLDOUT = 0.20
CALIBRATION = 0.15
SEEDS = 1  # boosters averaged per model (3 seeds measured: −0.02 pp MAPE for 3× the time; ADR 0010)

# Tuned on the UK file (ADR 0010). Deterministic and single-process-safe so a seed reproduces a model.
PARAMS: dict[str, Any] = {
    "objective": "huber",
    "alpha": 0.1,
    "learning_rate": 0.03,
    "num_leaves": 127,
    "min_data_in_leaf": 5,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "feature_fraction": 0.8,
    "cat_smooth": 5,
    "min_data_per_group": 5,
    "cat_l2": 1.0,
    "max_cat_to_onehot": 4,
    "max_bin": 511,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,  # OpenMP threads spin badly on a shared 2-core box; one is faster there
    "verbose": -1,
}
ROUNDS = 3000


@dataclass(frozen=True)
class Recipe:
    """How many rounds and boosters, which parameters; the demo and the tests use smaller recipes."""

    rounds: int = ROUNDS
    seeds: int = SEEDS
    params: tuple[tuple[str, Any], ...] = tuple(PARAMS.items())
    refit: bool = True  # after calibrating, grow the trees again on every row (the quantile is kept)

    def lgb_params(self, seed: int) -> dict[str, Any]:
        return {**dict(self.params), "seed": seed, "bagging_seed": seed, "feature_fraction_seed": seed}

    def faster(self, *, rounds: int, learning_rate: float, seeds: int = 1) -> Recipe:
        """A smaller recipe (demo, tests): fewer, larger steps."""
        params = {**dict(self.params), "learning_rate": learning_rate}
        return Recipe(rounds=rounds, seeds=seeds, params=tuple(params.items()), refit=self.refit)


def split_mask(frame: Frame, fraction: float, seed: int) -> np.ndarray:
    """True for the rows that go to the smaller side; identical rows always land together."""
    table = frame.features.copy()
    if frame.target is not None:
        table["_price"] = frame.target
    hashed = pd.util.hash_pandas_object(table, index=False, hash_key=f"aftercare{seed:07d}"[:16])
    return np.asarray((hashed.to_numpy() % 10_000) < round(fraction * 10_000), dtype=bool)


def subset(frame: Frame, mask: np.ndarray) -> Frame:
    """The rows of a frame selected by a boolean mask (the rejected counts stay with the parent)."""
    assert frame.target is not None
    return Frame(
        schema=frame.schema,
        features=frame.features[mask].reset_index(drop=True),
        target=frame.target[mask],
        n_rows=int(mask.sum()),
        reference_year=frame.reference_year,
    )


def _boosters(x: pd.DataFrame, y_log: np.ndarray, recipe: Recipe, seed: int) -> list[lgb.Booster]:
    out = []
    for k in range(recipe.seeds):
        data = lgb.Dataset(x, y_log, categorical_feature="auto", free_raw_data=False)
        out.append(lgb.train(recipe.lgb_params(seed + k), data, num_boost_round=recipe.rounds))
    return out


def conformal_quantile(abs_residuals: np.ndarray, coverage: float = COVERAGE) -> float:
    """The split-conformal quantile: the ⌈(n+1)·coverage⌉-th smallest absolute residual."""
    n = len(abs_residuals)
    if n == 0:
        raise ValueError("no calibration rows")
    rank = min(n, math.ceil((n + 1) * coverage))
    return float(np.sort(abs_residuals)[rank - 1])


def fit(frame: Frame, *, seed: int = 0, recipe: Recipe | None = None) -> PriceModel:
    """Grow boosters on 85 % of the rows, calibrate the 80 % interval on the other 15 %, then refit on all.

    The refit trees have seen more data than the ones the quantile was measured on, so the interval is,
    if anything, slightly wide; the hold-out in `train_with_holdout` measures this exact recipe.
    """
    recipe = recipe or Recipe()
    target = frame.target
    assert target is not None
    cal = split_mask(frame, CALIBRATION, seed + 1)
    fit_part, cal_part = subset(frame, ~cal), subset(frame, cal)
    spec = FeatureSpec.learn(frame.features)
    boosters = _boosters(spec.matrix(fit_part.features), np.log(target[~cal]), recipe, seed)
    model = PriceModel(
        boosters=boosters,
        spec=spec,
        interval=Interval(coverage=COVERAGE, method="split-conformal-log", q_log=0.0, calibration_n=0),
        model_stats=model_stats_of(frame.features, target),
    )
    assert cal_part.target is not None
    residuals = np.abs(np.log(cal_part.target) - model.predict_log(cal_part.features))
    model.interval.q_log = conformal_quantile(residuals)
    model.interval.calibration_n = len(residuals)
    if recipe.refit:
        model.boosters = _boosters(spec.matrix(frame.features), np.log(target), recipe, seed)
        model.interval.method = "split-conformal-log, refit"
    return model


def metrics(model: PriceModel, frame: Frame) -> dict[str, Any]:
    """The scores of a model on rows with known prices; unpriceable rows are reported beside them."""
    assert frame.target is not None
    y = frame.target
    n = len(y)
    out: dict[str, Any] = {"n": n}
    if n:
        pred, low, high = model.predict(frame.features)
        ape = np.abs(pred - y) / y
        out |= {
            "mae": round(float(np.mean(np.abs(pred - y))), 2),
            "mape": round(float(np.mean(ape)), 5),
            "within_5pct": round(float(np.mean(ape <= 0.05)), 5),
            "within_10pct": round(float(np.mean(ape <= 0.10)), 5),
            "interval_coverage": round(float(np.mean((y >= low) & (y <= high))), 5),
            "median_ape": round(float(np.median(ape)), 5),
            "interval_relative_width": round(float(np.median((high - low) / pred)), 5),
            "unseen_model_rows": int(model.spec.unseen(frame.features).sum()),
        }
    else:
        out |= dict.fromkeys(("mae", "mape", "within_5pct", "within_10pct", "interval_coverage"))
    out["unpriceable"] = frame.n_unpriceable
    out["unpriceable_reasons"] = dict(frame.rejected)
    out["rows_read"] = frame.n_rows
    return out


def train_with_holdout(
    frame: Frame, *, seed: int = 0, recipe: Recipe | None = None, holdout: float = HOLDOUT
) -> tuple[PriceModel, dict[str, Any]]:
    """Measure the recipe on a hold-out, then refit on every row; returns the refit model and the metrics."""
    started = time.perf_counter()
    mask = split_mask(frame, holdout, seed)
    trial = fit(subset(frame, ~mask), seed=seed, recipe=recipe)
    held = subset(frame, mask)
    measured = metrics(trial, held)
    measured["unpriceable"] = frame.n_unpriceable
    measured["unpriceable_reasons"] = dict(frame.rejected)
    measured["rows_read"] = frame.n_rows
    measured |= {"holdout_fraction": holdout, "train_rows": int((~mask).sum()), "holdout_rows": int(mask.sum())}
    final = fit(frame, seed=seed, recipe=recipe)
    measured["train_seconds"] = round(time.perf_counter() - started, 1)
    return final, measured
