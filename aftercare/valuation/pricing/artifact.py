"""The model file: a zip of LightGBM text boosters plus one JSON document. Nothing is unpickled.

`meta.json` records the format version, schema, currency, each part's features and category levels,
the intervals (the full part's, and the fallback's per pattern of blank inputs), the stored metrics,
library versions, the seed and the training file's sha256; each booster's sha256 is recorded too and
checked on load, so a file edited after training is refused. Version 1 files (no fallback part) are
refused with `model_version`: retrain them.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import zipfile
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from aftercare.valuation.pricing.model import Fallback, FeatureSpec, Interval, Part, PriceModel

FORMAT = "aftercare-valuation-model"
FORMAT_VERSION = 2
META = "meta.json"
REQUIRED_METRICS = ("n", "mape", "within_5pct", "interval_coverage")


class ArtifactError(ValueError):
    """The file is not a usable model; `code` is stable, `detail` says what is wrong."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "lightgbm": lgb.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }


def _write_boosters(zf: zipfile.ZipFile, part: Part, prefix: str) -> list[dict[str, str]]:
    entries = []
    for k, booster in enumerate(part.boosters):
        text = booster.model_to_string().encode()
        name = f"{prefix}_{k}.txt"
        zf.writestr(name, text)
        entries.append({"file": name, "sha256": hashlib.sha256(text).hexdigest()})
    return entries


def save(model: PriceModel, path: str | Path) -> str:
    """Write the model file; returns its sha256 (the id offers and valuations record)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        meta: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **model.info,
            "features": model.full.spec.as_dict(),
            "interval": vars(model.interval),
            "model_stats": model.model_stats,
            "boosters": _write_boosters(zf, model.full, "booster"),
        }
        if model.fallback is not None:
            meta["fallback"] = {
                "features": model.fallback.part.spec.as_dict(),
                "inputs": model.fallback.inputs,
                "intervals": {k: vars(v) for k, v in model.fallback.intervals.items()},
                "boosters": _write_boosters(zf, model.fallback.part, "fallback"),
            }
        zf.writestr(META, json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True))
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(target)
    return sha256_file(target)


def read_meta(path: str | Path) -> dict[str, Any]:
    """Only the JSON document (cheap: for listing models and checking metrics)."""
    try:
        with zipfile.ZipFile(path) as zf:
            meta = json.loads(zf.read(META))
    except FileNotFoundError:
        raise ArtifactError("model_missing", f"no model file at {path}") from None
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError):
        raise ArtifactError("model_unreadable", f"{path} is not a valuation model file") from None
    if meta.get("format") != FORMAT:
        raise ArtifactError("model_unreadable", f"{path} is not a valuation model file")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ArtifactError("model_version", f"{path} has format version {meta.get('format_version')}")
    return dict(meta)


def has_metrics(meta: dict[str, Any]) -> bool:
    stored = meta.get("metrics") or {}
    return all(stored.get(k) is not None for k in REQUIRED_METRICS)


def _read_boosters(zf: zipfile.ZipFile, path: str | Path, entries: list[dict[str, str]]) -> list[lgb.Booster]:
    boosters = []
    for entry in entries:
        try:
            text = zf.read(entry["file"])
        except KeyError:
            raise ArtifactError("model_unreadable", f"{path} lacks {entry['file']}") from None
        if hashlib.sha256(text).hexdigest() != entry["sha256"]:
            raise ArtifactError("model_tampered", f"{entry['file']} in {path} does not match its recorded hash")
        boosters.append(lgb.Booster(model_str=text.decode()))
    if not boosters:
        raise ArtifactError("model_unreadable", f"{path} holds no boosters")
    return boosters


def _spec(features: dict[str, Any]) -> FeatureSpec:
    return FeatureSpec(
        columns=list(features["columns"]),
        categories=dict(features["categories"]),
        always_present=list(features.get("always_present") or []),
    )


def load(path: str | Path, *, require_metrics: bool = True) -> PriceModel:
    """Read and verify a model file. Serving requires stored metrics; `evaluate` may load without them."""
    meta = read_meta(path)
    if require_metrics and not has_metrics(meta):
        raise ArtifactError("model_without_metrics", f"{path} has no stored metrics")
    fallback = None
    with zipfile.ZipFile(path) as zf:
        full = Part(_read_boosters(zf, path, meta.get("boosters") or []), _spec(meta["features"]))
        if meta.get("fallback"):
            fb = meta["fallback"]
            fallback = Fallback(
                part=Part(_read_boosters(zf, path, fb.get("boosters") or []), _spec(fb["features"])),
                inputs=list(fb["inputs"]),
                intervals={k: Interval(**v) for k, v in fb["intervals"].items()},
            )
    info = {k: v for k, v in meta.items() if k not in {"features", "interval", "model_stats", "boosters", "fallback"}}
    return PriceModel(
        full=full,
        interval=Interval(**meta["interval"]),
        fallback=fallback,
        model_stats=dict(meta.get("model_stats") or {}),
        info=info,
    )
