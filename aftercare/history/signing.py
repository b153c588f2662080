"""Where the log's signing key comes from: the environment in production, a per-install file in development."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from aftercare.history.notes import Signer, Verifier, signer_generate, signer_parse, verifier_parse

DEFAULT_ORIGIN = "aftercare.localhost/vehicle-history"
KEY_ENV = "AFTERCARE_LOG_SIGNING_KEY"
TRUSTED_ENV = "AFTERCARE_LOG_TRUSTED_KEYS"


def log_origin() -> str:
    """The checkpoint origin line: AFTERCARE_LOG_ORIGIN, or the signing key's name."""
    configured = os.environ.get("AFTERCARE_LOG_ORIGIN") or getattr(settings, "AFTERCARE_LOG_ORIGIN", "")
    return configured or log_signer().name


def _local_key_file() -> Path:
    return Path(settings.VAR_DIR) / "log_signing_key"


def _local_signer() -> Signer:
    """A per-install key under var/ (development only), created on first use, never in the repository."""
    path = _local_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        name = os.environ.get("AFTERCARE_LOG_ORIGIN") or DEFAULT_ORIGIN
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(signer_generate(name).encoded() + "\n")
    return signer_parse(path.read_text())


@lru_cache(maxsize=4)
def _signer_from(text: str) -> Signer:
    return signer_parse(text)


def log_signer() -> Signer:
    """The key checkpoints are signed with (AFTERCARE_LOG_SIGNING_KEY, else var/log_signing_key)."""
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured:
        return _signer_from(configured)
    try:
        return _signer_from(_local_signer().encoded())
    except FileExistsError:  # another process created it a moment ago
        return _signer_from(_local_signer().encoded())


def trusted_verifiers() -> list[Verifier]:
    """Keys whose checkpoints verify: the current key and any retired ones listed in AFTERCARE_LOG_TRUSTED_KEYS."""
    signer = log_signer()
    keys = [Verifier(signer.name, signer.public)]
    for text in os.environ.get(TRUSTED_ENV, "").split(","):
        if text.strip():
            keys.append(verifier_parse(text))
    return keys
