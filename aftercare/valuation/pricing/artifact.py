"""The model file: a zip of LightGBM text boosters plus one JSON document. Nothing is unpickled.

`meta.json` records the format version, schema, currency, features and category levels, the interval,
the stored metrics, library versions, the seed and the training file's sha256; each booster's sha256
is recorded too and checked on load, so a file edited after training is refused.
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

from aftercare.valuation.pricing.model import FeatureSpec, Interval, PriceModel

FORMAT = "aftercare-valuation-model"
FORMAT_VERSION = 1
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


def save(model: PriceModel, path: str | Path) -> str:
    """Write the model file; returns its sha256 (the id offers and valuations record)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    boosters = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for k, booster in enumerate(model.boosters):
            text = booster.model_to_string().encode()
            name = f"booster_{k}.txt"
            zf.writestr(name, text)
            boosters.append({"file": name, "sha256": hashlib.sha256(text).hexdigest()})
        meta = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **model.info,
            "features": {"columns": model.spec.columns, "categories": model.spec.categories},
            "interval": vars(model.interval),
            "model_stats": model.model_stats,
            "boosters": boosters,
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


def load(path: str | Path, *, require_metrics: bool = True) -> PriceModel:
    """Read and verify a model file. Serving requires stored metrics; `evaluate` may load without them."""
    meta = read_meta(path)
    if require_metrics and not has_metrics(meta):
        raise ArtifactError("model_without_metrics", f"{path} has no stored metrics")
    boosters = []
    with zipfile.ZipFile(path) as zf:
        for entry in meta.get("boosters") or []:
            try:
                text = zf.read(entry["file"])
            except KeyError:
                raise ArtifactError("model_unreadable", f"{path} lacks {entry['file']}") from None
            if hashlib.sha256(text).hexdigest() != entry["sha256"]:
                raise ArtifactError("model_tampered", f"{entry['file']} in {path} does not match its recorded hash")
            boosters.append(lgb.Booster(model_str=text.decode()))
    if not boosters:
        raise ArtifactError("model_unreadable", f"{path} holds no boosters")
    info = {k: v for k, v in meta.items() if k not in {"features", "interval", "model_stats", "boosters"}}
    features = meta["features"]
    return PriceModel(
        boosters=boosters,
        spec=FeatureSpec(columns=list(features["columns"]), categories=dict(features["categories"])),
        interval=Interval(**meta["interval"]),
        model_stats=dict(meta.get("model_stats") or {}),
        info=info,
    )
