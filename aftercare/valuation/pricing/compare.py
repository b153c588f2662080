"""The learner comparison behind ADR 0010, reproducible with `aftercare valuation compare --data CSV`.

Every learner is trained on the same 80 % of the UK file and scored on the same 20 % (duplicate-safe
split, fixed seed), on log price, with the same internal feature frame. The baseline is the one the
issue names: a default LightGBM on log price. CatBoost is measured when it is importable; it is not a
dependency of the product (see the ADR for why).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from aftercare.valuation.pricing import frames, train
from aftercare.valuation.pricing.model import FeatureSpec


def _scores(y: np.ndarray, log_pred: np.ndarray) -> dict[str, float]:
    pred = np.exp(log_pred)
    ape = np.abs(pred - y) / y
    return {
        "mape": round(float(ape.mean()), 5),
        "within_5pct": round(float(np.mean(ape <= 0.05)), 5),
        "within_10pct": round(float(np.mean(ape <= 0.10)), 5),
        "mae": round(float(np.mean(np.abs(pred - y))), 1),
    }


def _lgb(x: pd.DataFrame, y: np.ndarray, params: dict[str, Any], rounds: int) -> lgb.Booster:
    return lgb.train(params, lgb.Dataset(x, y), num_boost_round=rounds)


def compare_learners(path: str | Path, *, seed: int = 0, log: Callable[[str], Any] = print) -> dict[str, Any]:
    """Train each learner on the same split; returns the table rows and the split sizes."""
    frame = frames.frame_from_csv(str(path), "uk", with_target=True, max_year=dt.date.today().year)
    mask = train.split_mask(frame, train.HOLDOUT, seed)
    tr, va = train.subset(frame, ~mask), train.subset(frame, mask)
    assert tr.target is not None and va.target is not None
    spec = FeatureSpec.learn(tr.features)
    xtr, xva, ytr = spec.matrix(tr.features), spec.matrix(va.features), np.log(tr.target)
    rows: list[dict[str, Any]] = []
    preds: dict[str, np.ndarray] = {}

    def record(name: str, started: float, predicted: Any, **extra: Any) -> None:
        assert va.target is not None
        log_pred = np.asarray(predicted, dtype=float)
        preds[name] = log_pred
        row = {"learner": name, **_scores(va.target, log_pred), "seconds": round(time.perf_counter() - started, 1)}
        rows.append(row | extra)
        log(f"{row}\n")

    started = time.perf_counter()
    baseline = {"objective": "regression", "verbose": -1, "seed": seed, "num_threads": 1}
    record("baseline: LightGBM defaults, log price", started, _lgb(xtr, ytr, baseline, 100).predict(xva))

    recipe = train.Recipe()
    for n_seeds in (1, recipe.seeds):
        started = time.perf_counter()
        boosters = [_lgb(xtr, ytr, recipe.lgb_params(seed + k), recipe.rounds) for k in range(n_seeds)]
        record(f"LightGBM tuned (huber), {n_seeds} seed(s)", started, np.mean([b.predict(xva) for b in boosters], 0))

    started = time.perf_counter()
    l2 = {**dict(recipe.params), "objective": "regression", "seed": seed}
    record("LightGBM tuned, L2 loss", started, _lgb(xtr, ytr, l2, recipe.rounds).predict(xva))

    try:
        from sklearn.ensemble import HistGradientBoostingRegressor
    except ImportError:
        log("scikit-learn not importable (pip install -e '.[dev]'): skipped\n")
    else:
        started = time.perf_counter()
        hgb = HistGradientBoostingRegressor(
            max_iter=3000, learning_rate=0.05, max_leaf_nodes=127, min_samples_leaf=5, l2_regularization=1.0,
            categorical_features="from_dtype", early_stopping=False, random_state=seed,
        )  # fmt: skip
        hgb.fit(xtr, ytr)
        record("scikit-learn HistGradientBoosting", started, hgb.predict(xva))

    try:
        from catboost import CatBoostRegressor
    except ImportError:
        log("catboost not importable: skipped\n")
    else:
        started = time.perf_counter()
        cats = [c for c in xtr.columns if c in spec.categories]

        def as_cb(x: pd.DataFrame) -> pd.DataFrame:
            # pandas 3 keeps NaN through astype(str); CatBoost needs an explicit "missing" level.
            return x.assign(**{c: x[c].astype(object).where(x[c].notna(), "(missing)").astype(str) for c in cats})

        cb = CatBoostRegressor(
            iterations=3000, learning_rate=0.08, depth=8, random_seed=seed, verbose=0, thread_count=1
        )
        cb.fit(as_cb(xtr), ytr, cat_features=cats)
        record("CatBoost (depth 8, 3000 its)", started, cb.predict(as_cb(xva)))
        best_lgb = preds[f"LightGBM tuned (huber), {recipe.seeds} seed(s)"]
        record(
            "ensemble: LightGBM 3 seeds + CatBoost", time.perf_counter(), (best_lgb + preds[rows[-1]["learner"]]) / 2
        )

    started = time.perf_counter()
    shipped = train.fit(tr, seed=seed, recipe=recipe)
    metrics = train.metrics(shipped, va)
    record(
        "shipped recipe: LightGBM 3 seeds + split-conformal interval",
        started,
        shipped.predict_log(va.features),
        interval_coverage=metrics["interval_coverage"],
        interval_relative_width=metrics["interval_relative_width"],
    )
    return {"train_rows": len(tr.features), "validation_rows": len(va.features), "seed": seed, "rows": rows}
