"""Odometer breaks (instrument cluster replaced): the event with its reason, the new baseline, the console form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aftercare.history.models import HistoryEvent, LogLeaf
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, PermissionDenied
from aftercare.network.tests.factories import StaffFactory, actor_of_owner, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import services
from aftercare.vehicles.models import OdometerReading
from aftercare.vehicles.tests.conftest import assert_chinese
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db

T = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)
NOW = FixedClock(dt.datetime(2025, 12, 1, tzinfo=dt.UTC))


@pytest.fixture
def scene():
    advisor = StaffFactory()
    owner = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=advisor.store.dealer_group, advisor=advisor, owner=owner)
    actor = actor_of_staff(advisor)
    for i, km in enumerate([20_000, 45_000, 61_000]):
        services.odometer_record(actor=actor, vehicle_id=vehicle.pk, km=km, read_at=T + dt.timedelta(days=60 * i))
    return advisor, actor, vehicle


def _break(actor, vehicle, **kw):
    args = {"reason": "仪表总成更换 (instrument cluster replaced)", "km_before": 61_500, "km_after": 12, "at": None}
    return services.odometer_break_record(actor=actor, vehicle_id=vehicle.pk, clock=NOW, **(args | kw))


def test_a_break_is_a_logged_event_with_reason_and_readings(scene) -> None:
    _, actor, vehicle = scene
    reading = _break(actor, vehicle, at=T + dt.timedelta(days=200))
    event = HistoryEvent.objects.get(vehicle=vehicle, event_type="ODOMETER_BREAK")
    assert event.payload == {
        "reason": "仪表总成更换 (instrument cluster replaced)",
        "km_before": 61_500,
        "km_after": 12,
    }
    assert LogLeaf.objects.filter(event=event).exists()
    assert (reading.km, reading.flag) == (12, "")
    before = OdometerReading.objects.get(vehicle=vehicle, km=61_500)
    assert before.flag == "" and before.read_at < reading.read_at


def test_readings_after_a_break_are_checked_against_the_new_baseline(scene) -> None:
    _, actor, vehicle = scene
    _break(actor, vehicle, at=T + dt.timedelta(days=200))
    later = T + dt.timedelta(days=260)
    ok = services.odometer_record(actor=actor, vehicle_id=vehicle.pk, km=3_000, read_at=later)
    assert ok.flag == ""  # far below 61,000 but after the break
    rolled = services.odometer_record(
        actor=actor, vehicle_id=vehicle.pk, km=1_000, read_at=later + dt.timedelta(days=5)
    )
    assert (rolled.flag, rolled.conflicts_with_id) == ("rollback", ok.pk)


def test_an_old_cluster_reading_below_its_own_history_is_still_a_rollback(scene) -> None:
    _, actor, vehicle = scene
    _break(actor, vehicle, km_before=40_000, at=T + dt.timedelta(days=200))
    assert OdometerReading.objects.get(vehicle=vehicle, km=40_000).flag == "rollback"


@pytest.mark.parametrize(
    ("kw", "fields"),
    [
        ({"reason": "  "}, {"reason"}),
        ({"reason": "x" * 201}, {"reason"}),
        ({"km_after": None}, {"km_after"}),
        ({"km_after": -1, "km_before": 3_000_000}, {"km_after", "km_before"}),
        ({"at": dt.datetime(2026, 6, 1, tzinfo=dt.UTC)}, {"at"}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(scene, kw, fields) -> None:
    _, actor, vehicle = scene
    before = (HistoryEvent.objects.count(), OdometerReading.objects.count(), LogLeaf.objects.count())
    for language in ("en", "zh-hans"):
        with translation.override(language):
            with pytest.raises(DomainError) as excinfo:
                _break(actor, vehicle, **kw)
            assert excinfo.value.code == "invalid_input" and set(excinfo.value.fields) == fields
            message = str(excinfo.value.render_fields()[sorted(fields)[0]][0])
        if language == "en":
            assert message.isascii()
        else:
            assert_chinese(message)
    assert (HistoryEvent.objects.count(), OdometerReading.objects.count(), LogLeaf.objects.count()) == before


def test_owners_and_staff_without_the_permission_cannot_record_breaks(scene) -> None:
    _, _, vehicle = scene
    owner = vehicle.ownerships.get().owner
    with pytest.raises(PermissionDenied):
        _break(actor_of_owner(owner), vehicle)
    assert not HistoryEvent.objects.filter(event_type="ODOMETER_BREAK").exists()


def test_console_form_records_a_break_and_the_vehicle_page_shows_rollbacks(scene, client: Client) -> None:
    advisor, actor, vehicle = scene
    services.odometer_record(actor=actor, vehicle_id=vehicle.pk, km=50_000, read_at=T + dt.timedelta(days=150))
    client.force_login(advisor.user)
    page = client.get(reverse("console:vehicle", args=[vehicle.pk]), {"lang": "en"}).content.decode()
    assert "Odometer rollback suspected" in page
    assert reverse("console:vehicle-odometer-break", args=[vehicle.pk]) in page
    url = reverse("console:vehicle-odometer-break", args=[vehicle.pk])
    form = client.get(url, {"lang": "en"})
    assert form.status_code == 200 and "Record an odometer break" in form.content.decode()
    bad = client.post(url + "?lang=en", {"reason": "", "km_after": ""})
    assert bad.status_code == 400 and not HistoryEvent.objects.filter(event_type="ODOMETER_BREAK").exists()
    done = client.post(url, {"reason": "Cluster replaced, WO-1234", "km_before": "62000", "km_after": "5"})
    assert done.status_code == 302
    assert HistoryEvent.objects.get(event_type="ODOMETER_BREAK").payload["reason"] == "Cluster replaced, WO-1234"


def test_a_foreign_car_break_page_is_404(scene, client: Client) -> None:
    _, _, vehicle = scene
    client.force_login(StaffFactory().user)
    assert client.get(reverse("console:vehicle-odometer-break", args=[vehicle.pk])).status_code == 404
