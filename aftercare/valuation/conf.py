"""Where the active model lives and which price bands apply (settings with code defaults)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings

from aftercare.valuation import errors, rules
from aftercare.valuation.pricing import artifact
from aftercare.valuation.pricing.model import PriceModel

_lock = threading.Lock()
_cache: dict[str, tuple[float, PriceModel, str]] = {}


def model_path() -> Path:
    """AFTERCARE_VALUATION_MODEL (setting or environment), else var/valuation/model.zip."""
    configured = getattr(settings, "AFTERCARE_VALUATION_MODEL", None) or os.environ.get("AFTERCARE_VALUATION_MODEL")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "valuation" / "model.zip"


def price_bands() -> tuple[rules.PriceBand, ...]:
    """AFTERCARE_VALUATION_PRICE_BANDS when set (checked against the legal minimum), else the defaults."""
    bands = tuple(getattr(settings, "AFTERCARE_VALUATION_PRICE_BANDS", None) or rules.DEFAULT_BANDS)
    problems = rules.bands_problems(bands)
    if problems:
        raise ValueError("AFTERCARE_VALUATION_PRICE_BANDS: " + "; ".join(problems))
    return bands


def active_model() -> tuple[PriceModel, str]:
    """The serving model and its file's sha256, reloaded when the file changes; refused without metrics."""
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise errors.model_unavailable("model_missing") from None
    key = str(path)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1], cached[2]
        try:
            model = artifact.load(path, require_metrics=True)
        except artifact.ArtifactError as exc:
            raise errors.model_unavailable(exc.code) from None
        sha = artifact.sha256_file(path)
        _cache[key] = (mtime, model, sha)
        return model, sha


def model_available() -> bool:
    """True when a servable model is installed (pages use this to explain instead of failing)."""
    try:
        active_model()
    except Exception:
        return False
    return True
