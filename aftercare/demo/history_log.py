"""Demo data for the verifiable history: a share link for the demo owner's car, one recorded odometer break,
and a signed checkpoint over everything the demo wrote, so every event shows as verified."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from aftercare.demo import logins
from aftercare.demo.plans import Context
from aftercare.history.services import checkpoint_publish, share_issue
from aftercare.kernel.clock import FixedClock
from aftercare.network.choices import StaffRole
from aftercare.network.selectors import actor_for_user
from aftercare.vehicles.models import OdometerReading, Ownership
from aftercare.vehicles.services import odometer_break_record

BREAK_REASON = "仪表总成更换（保修），工单 WO-2024-0815 / Instrument cluster replaced under warranty"


def history_log_demo(ctx: Context) -> None:
    """Call last in demo_generate: the checkpoint signs what the other demo modules wrote."""
    cars = list(
        Ownership.objects.filter(owner__phone=logins.demo_owner_e164(), ended_on__isnull=True)
        .order_by("vehicle_id")
        .values_list("vehicle_id", flat=True)
    )
    advisor = get_user_model().objects.get(username=logins.STAFF_LOGINS[StaffRole.ADVISOR])
    for vehicle_id in cars:
        share_issue(vehicle_id=vehicle_id, user_id=None, clock=FixedClock(ctx.now))
    if len(cars) > 1:
        _cluster_replaced(ctx, cars[1], advisor)
    checkpoint_publish(clock=FixedClock(ctx.now))


def _cluster_replaced(ctx: Context, vehicle_id: int, advisor) -> None:  # type: ignore[no-untyped-def]
    """The demo owner's second car had its instrument cluster replaced after its latest reading (at that visit)."""
    last = OdometerReading.objects.filter(vehicle_id=vehicle_id).order_by("-read_at").first()
    if last is None or last.read_at > ctx.now - dt.timedelta(hours=2):
        return
    at = last.read_at + (ctx.now - last.read_at) / 2
    odometer_break_record(
        actor=actor_for_user(advisor),
        vehicle_id=vehicle_id,
        reason=BREAK_REASON,
        km_before=last.km + 180,
        km_after=12,
        at=at,
        clock=FixedClock(ctx.now),
    )
