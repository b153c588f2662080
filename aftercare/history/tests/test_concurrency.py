"""Parallel appends on PostgreSQL: the head lock keeps leaf indexes gap-free and the tree verifiable."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.db import connections, transaction

from aftercare.history import services
from aftercare.history.models import LogLeaf
from aftercare.history.verify import log_verify
from aftercare.kernel.tests.racing import postgres_only  # noqa: F401 - autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_event_records_get_distinct_consecutive_leaves() -> None:
    vehicle = apps.get_model("vehicles", "Vehicle").objects.create(vin="LSVAB2C10KA000001", wmi="LSV")
    barrier = threading.Barrier(6)
    errors: list[Exception] = []

    def writer(i: int) -> None:
        try:
            barrier.wait()
            for k in range(10):
                with transaction.atomic():
                    services.event_record(
                        vehicle_id=vehicle.pk,
                        event_type="ODOMETER_RECORDED",
                        occurred_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        actor_user_id=None,
                        payload={"km": i * 100 + k, "to_owner": i},
                    )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert sorted(LogLeaf.objects.values_list("index", flat=True)) == list(range(60))
    services.checkpoint_publish()
    assert log_verify().ok
