"""Vehicle history: events are appended with facts and ids, never personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from aftercare.history.choices import HistoryEventType
from aftercare.history.models import HistoryEvent
from aftercare.history.selectors import history_event_list
from aftercare.history.services import event_record

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def vehicle_id() -> int:
    # history sits below vehicles in the layering, so the model is looked up rather than imported.
    vehicle = apps.get_model("vehicles", "Vehicle").objects.create(vin="LSVAB2C10KA000001", wmi="LSV")
    return vehicle.pk


def test_events_are_appended_and_listed_newest_first(vehicle_id) -> None:
    older = event_record(
        vehicle_id=vehicle_id,
        event_type=HistoryEventType.VEHICLE_REGISTERED,
        occurred_at=T,
        actor_user_id=None,
        payload={"vin": "LSVAB2C10KA000001"},
    )
    newer = event_record(
        vehicle_id=vehicle_id,
        event_type=HistoryEventType.ODOMETER_RECORDED,
        occurred_at=T + dt.timedelta(days=1),
        actor_user_id=None,
        payload={"km": 100},
    )
    assert list(history_event_list(vehicle_id=vehicle_id)) == [newer, older]
    assert HistoryEvent.objects.get(pk=newer.pk).payload == {"km": 100}


@pytest.mark.parametrize("key", ["name", "phone", "email", "id_number", "address", "registered_owner_name"])
def test_personal_data_is_refused_in_payloads(vehicle_id, key) -> None:
    with pytest.raises(ValueError, match=key):
        event_record(
            vehicle_id=vehicle_id,
            event_type=HistoryEventType.OWNERSHIP_TRANSFERRED,
            occurred_at=T,
            actor_user_id=None,
            payload={"to_owner": 1, key: "secret"},
        )
    assert HistoryEvent.objects.count() == 0
