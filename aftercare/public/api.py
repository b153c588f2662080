"""A car's log entries with their leaves and audit paths: by share token (public) or in the caller's scope."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from aftercare.history import selectors as history
from aftercare.history.ratelimit import rate_exceeded
from aftercare.history.schemas import LogEntryOut, VehicleLogOut
from aftercare.kernel.api import ObjectId
from aftercare.kernel.http import actor_of
from aftercare.vehicles.selectors import vehicle_get

router = Router()

ShareToken = Annotated[str, Path(max_length=64, description="The car's share token from its QR code.")]


def vehicle_log_out(vehicle_id: int, vin: str) -> VehicleLogOut:
    """The car's entries, each with its leaf and its audit path to the latest checkpoint."""
    entries, checkpoint = history.vehicle_log(vehicle_id=vehicle_id)
    return VehicleLogOut(
        vin=vin,
        checkpoint=checkpoint,  # type: ignore[arg-type]  # resolved by the schema
        entries=[
            LogEntryOut(
                event_id=e.event.pk,
                event_type=e.event.event_type,
                occurred_at=e.event.occurred_at,
                status=e.status.value,
                leaf_index=e.leaf.index if e.leaf else None,
                leaf=e.leaf.leaf if e.leaf else None,
                leaf_hash=e.leaf_hash_b64 or None,
                tree_size=e.tree_size if e.proof or (e.leaf and e.leaf.index < e.tree_size) else 0,
                audit_path=e.proof_b64,
            )
            for e in entries
        ],
    )


@router.get(
    "/vehicles/{vehicle_id}/log",
    response=VehicleLogOut,
    summary="A vehicle's log entries with leaves and inclusion proofs",
    description="Each history event of a car in your scope with its canonical leaf, leaf hash, leaf index and the "
    "RFC 9162 audit path to the latest checkpoint, and whether it verified.",
)
def vehicle_log(request: HttpRequest, vehicle_id: ObjectId) -> VehicleLogOut:
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return vehicle_log_out(vehicle.pk, vehicle.vin)


@router.get(
    "/public/history/{token}",
    response=VehicleLogOut,
    auth=None,
    summary="A car's log entries by its share token (public, rate-limited)",
    description="What the QR code's page shows, as JSON: leaves (no personal data: people are salted pseudonyms) "
    "and audit paths, for buyers who verify the history themselves. 404 share_not_found for a revoked token.",
)
def shared_log(request: HttpRequest, token: ShareToken) -> VehicleLogOut:
    if rate_exceeded(request, "history_page", per_minute=30):
        raise HttpError(429, _("Too many requests; try again in a minute."))
    share = history.share_by_token(token=token)
    return vehicle_log_out(share.vehicle_id, share.vehicle.vin)
