"""The demo's inspections: completed health checks with findings, the demo owner's reports, one left open."""

from __future__ import annotations

import datetime as dt

import pytest

from aftercare.demo import logins
from aftercare.demo.generator import demo_generate
from aftercare.history.models import HistoryEvent
from aftercare.inspections.models import Finding, Inspection, VehicleTroubleCode
from aftercare.inspections.selectors import vehicle_condition
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.phones import check_mobile

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 2, 2, 0, tzinfo=dt.UTC)


def test_demo_has_inspections_and_the_demo_owner_has_reports() -> None:
    demo_generate(scale=0.1, clock=FixedClock(NOW))
    done = Inspection.objects.filter(status="completed")
    assert done.count() >= 10
    assert HistoryEvent.objects.filter(event_type="INSPECTION_COMPLETED").count() == done.count()
    assert Finding.objects.filter(status="open").exists()
    assert VehicleTroubleCode.objects.exists()
    phone = check_mobile(logins.DEMO_OWNER_PHONE).e164
    mine = done.filter(vehicle__ownerships__owner__phone=phone, vehicle__ownerships__ended_on__isnull=True)
    assert mine.filter(template__code="health76", urgent_count__gte=1).exists()
    assert mine.filter(template__code="appraisal_gbt30323").exists()
    waiting = Inspection.objects.get(status="in_progress")
    suggested = set(waiting.results.exclude(suggested_verdict="").values_list("item__code", flat=True))
    assert {"CH04", "BE21", "DT14", "DT22"} <= suggested  # carried over, and the fresh P0302 code
    condition = vehicle_condition(vehicle_id=waiting.vehicle_id)
    assert condition is not None and condition.grade == "poor"
