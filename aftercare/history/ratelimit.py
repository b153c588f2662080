"""A fixed-window request counter per client address in Django's cache (docs/adr/0009)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from aftercare.kernel.http import client_ip


def rate_exceeded(request: object, scope: str, *, per_minute: int | None = None) -> bool:
    """Count this request against `scope` for the caller's address; True once over the limit this minute.

    Limits come from settings.AFTERCARE_RATE_LIMITS (requests per minute by scope) with the given default.
    """
    limits = getattr(settings, "AFTERCARE_RATE_LIMITS", {})
    limit = int(limits.get(scope, per_minute or 60))
    if limit <= 0:
        return False
    window = int(time.time() // 60)
    key = f"rl:{scope}:{client_ip(request) or '-'}:{window}"
    if cache.add(key, 1, timeout=70):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=70)
        count = 1
    return count > limit
