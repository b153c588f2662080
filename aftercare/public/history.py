"""The public vehicle-history page behind a car's QR code: every event with its log verification status."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from aftercare.history import selectors as history
from aftercare.history.choices import HistoryEventType
from aftercare.history.ratelimit import rate_exceeded
from aftercare.kernel import masking
from aftercare.kernel.errors import NotFound
from aftercare.vehicles.models import OdometerReading
from aftercare.vehicles.selectors import odometer_list, odometer_rollbacks

PAGE_RATE_PER_MINUTE = 30


@dataclass(frozen=True)
class Rollback:
    """A flagged reading and the trusted one it contradicts, for the warning at the top of the page."""

    reading: OdometerReading
    earlier: OdometerReading | None


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "public/history/429.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def vehicle_history(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link sees the car's events, each verified against the published checkpoint; no personal data."""
    if rate_exceeded(request, "history_page", per_minute=PAGE_RATE_PER_MINUTE):
        return _too_many(request)
    try:
        share = history.share_by_token(token=token)
    except NotFound as exc:
        raise Http404(exc.code) from exc
    vehicle = share.vehicle
    entries, checkpoint = history.vehicle_log(vehicle_id=vehicle.pk)
    context: dict[str, Any] = {
        "vehicle": vehicle,
        "plate_masked": masking.mask_plate(vehicle.plate),
        "entries": entries,
        "checkpoint": checkpoint,
        "root_b64": base64.b64encode(bytes.fromhex(checkpoint.root_hash)).decode() if checkpoint else "",
        "counts": _counts(entries),
        "rollbacks": [Rollback(r, r.conflicts_with) for r in odometer_rollbacks(vehicle=vehicle)],
        "breaks": [e.event for e in entries if e.event.event_type == HistoryEventType.ODOMETER_BREAK],
        "transfers": sum(1 for e in entries if e.event.event_type == HistoryEventType.OWNERSHIP_TRANSFERRED),
        "latest": odometer_list(vehicle=vehicle).filter(flag="").first(),
    }
    response = render(request, "public/history/page.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak to other sites
    add_never_cache_headers(response)
    return response


def _counts(entries: list[history.LogEntry]) -> dict[str, int]:
    counts = {s.value: 0 for s in history.EntryStatus}
    for e in entries:
        counts[e.status.value] += 1
    return counts
