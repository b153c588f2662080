"""Pure payment decisions: idempotency keys and request fingerprints, webhook signatures (HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from decimal import Decimal

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SIGNATURE_TOLERANCE_SECONDS = 300


def idempotency_key_valid(key: str) -> bool:
    """8–64 characters from [A-Za-z0-9_-] (a UUID fits)."""
    return bool(KEY_PATTERN.match(key or ""))


def request_fingerprint(*, reference: str, amount: Decimal, currency: str, channel: str) -> str:
    """What makes two requests "the same": a replay with the same key must match this exactly."""
    canonical = json.dumps(
        {"reference": reference, "amount": f"{amount:.2f}", "currency": currency, "channel": channel},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def sign(*, secret: bytes, timestamp: int, body: bytes) -> str:
    """The signature header value: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">."""
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def signature_valid(*, secret: bytes, header: str, body: bytes, now: int) -> bool:
    """Constant-time check of a signature header, refusing timestamps outside the tolerance (replays)."""
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
