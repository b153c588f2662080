"""What the `train` and `evaluate` commands do, as plain functions over file paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from aftercare.valuation.pricing import artifact, frames, train


def train_file(
    *,
    data: str | Path,
    schema: str,
    out: str | Path,
    today: dt.date,
    seed: int = 0,
    recipe: train.Recipe | None = None,
    sample: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """Train on a CSV, measure on a hold-out, refit, save with metrics and provenance; returns (sha256, metrics).

    `sample` keeps a fixed-seed random subset of the priceable rows (demo and tests); the metrics say so.
    """
    recipe = recipe or train.Recipe()
    spec = frames.schema_get(schema)
    frame = frames.frame_from_csv(str(data), schema, with_target=True, max_year=today.year)
    if sample is not None and sample < len(frame.features):
        sampled = train.subset(frame, train.split_mask(frame, sample / len(frame.features), seed + 7))
        sampled.rejected, sampled.n_rows = frame.rejected, frame.n_rows
        frame = sampled
    if len(frame.features) < 50:
        raise frames.SchemaError("too_few_rows", f"only {len(frame.features)} priceable rows; need at least 50")
    model, measured = train.train_with_holdout(frame, seed=seed, recipe=recipe)
    if sample is not None:
        measured["sampled_rows"] = len(frame.features)
    model.info = {
        "schema": spec.name,
        "currency": spec.currency,
        "market": spec.market,
        "reference_year": frame.reference_year,
        "metrics": measured,
        "seed": seed,
        "recipe": recipe.describe(),
        "data": {"file": Path(data).name, "sha256": artifact.sha256_file(data), "rows": frame.n_rows},
        "libraries": artifact.library_versions(),
        "trained_on": today.isoformat(),
    }
    return artifact.save(model, out), measured


def evaluate_file(*, model_path: str | Path, data: str | Path, schema: str) -> dict[str, Any]:
    """Score a model on a CSV with prices; unpriceable rows are counted beside the scores."""
    model = artifact.load(model_path, require_metrics=False)
    trained = model.info.get("schema")
    if trained != schema:
        raise frames.SchemaError("schema_mismatch", f"the model was trained on the {trained} schema, not {schema}")
    frame = frames.frame_from_csv(str(data), schema, with_target=True, reference_year=model.info.get("reference_year"))
    result = train.metrics(model, frame)
    result["unknown_columns"] = frame.unknown_columns
    result["currency"] = model.info.get("currency")
    result["schema"] = schema
    return result
