"""`aftercare demo`: idempotent, --reset wipes and regenerates, a failure leaves nothing behind."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from aftercare.audit.models import AuditEntry
from aftercare.demo import generator
from aftercare.demo.reset import demo_delete
from aftercare.history.models import HistoryEvent
from aftercare.network.models import DealerGroup, Staff, Store
from aftercare.network.selectors import actor_for_user
from aftercare.network.tests.factories import StaffFactory
from aftercare.owners.models import Owner
from aftercare.owners.services import owner_reveal
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import OdometerReading, Vehicle
from aftercare.vehicles.services import odometer_record
from aftercare.vehicles.tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, scale=0.1, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        DealerGroup.objects.count(),
        Store.objects.count(),
        Staff.objects.count(),
        Owner.objects.count(),
        Vehicle.objects.count(),
        OdometerReading.objects.count(),
        HistoryEvent.objects.count(),
        get_user_model().objects.count(),
    )


def test_prints_a_summary_and_the_logins():
    out = _demo()
    assert "12 dealer groups, 80 stores" in out
    assert "flagged" in out and "demo-advisor / aftercare-demo" in out and "13800138000" in out


def test_second_run_does_nothing():
    _demo()
    before = _counts()
    out = _demo()
    assert "already exists" in out
    assert _counts() == before


def test_reset_deletes_what_was_added_during_the_demo_and_regenerates():
    _demo()
    before = _counts()
    advisor = get_user_model().objects.get(username="demo-advisor")
    actor = actor_for_user(advisor)
    car = Vehicle.objects.filter(dealer_group_id=actor.dealer_group_id).first()
    odometer_record(actor=actor, vehicle_id=car.pk, km=999_999)
    owner = Owner.objects.get(phone="+8613800138000")
    owner_reveal(owner=owner, actor=actor, reason="demo", dealer_group_id=None)
    other = VehicleFactory()  # a group and car that are not part of the demo survive the reset

    out = _demo("--reset")

    assert "Deleted the existing demo network" in out
    assert Vehicle.objects.filter(pk=other.pk).exists()
    assert DealerGroup.objects.filter(pk=other.dealer_group_id).exists()
    assert not AuditEntry.objects.exists()
    assert not OdometerReading.objects.filter(km=999_999).exists()
    expected = list(before)
    expected[0] += 1  # the other group
    expected[4] += 1  # and its car
    assert _counts() == tuple(expected)


def test_a_failure_leaves_nothing_half_written(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator, "customers_write", explode)
    with pytest.raises(RuntimeError):
        _demo()
    assert _counts() == (0, 0, 0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("taken", ["plate", "vin", "phone"])
def test_demo_beside_existing_data_avoids_what_is_taken(taken):
    _demo()
    vehicles = list(Vehicle.objects.order_by("pk").values_list("vin", "plate")[:20])
    phones = list(Owner.objects.exclude(phone="+8613800138000").order_by("pk").values_list("phone", flat=True)[:20])
    demo_delete()
    StaffFactory()  # someone's own group, store and login
    # Same seed: without the check the demo would pick exactly these again and hit a unique constraint.
    if taken == "plate":
        others = [VehicleFactory(plate=plate) for _, plate in vehicles]
    elif taken == "vin":
        others = [VehicleFactory(vin=vin, plate="") for vin, _ in vehicles]
    else:
        others = [OwnerFactory(phone=phone) for phone in phones]

    _demo()

    assert Store.objects.count() == 81
    model = type(others[0])
    assert model.objects.filter(pk__in=[o.pk for o in others]).count() == 20
