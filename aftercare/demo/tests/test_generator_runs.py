"""Generating the demo from scratch: determinism, what follows the clock, full-scale sizes.

Kept apart from test_generator.py, whose tests share one generated network per module: these need an
empty database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from aftercare.demo.generator import demo_generate
from aftercare.demo.reset import demo_delete
from aftercare.demo.tests.conftest import NOW, SCALE
from aftercare.kernel.clock import FixedClock
from aftercare.network.models import Store
from aftercare.owners.models import Owner
from aftercare.vehicles.models import OdometerReading, Vehicle

pytestmark = pytest.mark.django_db


def test_same_seed_same_network():
    def snapshot():
        return (
            list(Store.objects.order_by("code").values_list("code", "name", "address", "latitude")),
            sorted(Vehicle.objects.values_list("vin", "plate", "model")),
            sorted(Owner.objects.values_list("name", "phone", "email")),
            sorted(OdometerReading.objects.values_list("vehicle__vin", "km", "read_at", "flag")),
        )

    demo_generate(scale=SCALE, clock=FixedClock(NOW))
    first = snapshot()
    demo_delete()
    assert not Vehicle.objects.exists() and not Store.objects.exists()
    demo_generate(scale=SCALE, clock=FixedClock(NOW))
    assert snapshot() == first


def test_only_dates_and_kilometres_follow_the_clock():
    def identities():
        return (
            sorted(Vehicle.objects.values_list("vin", "plate", "model")),
            sorted(Owner.objects.values_list("name", "phone", "email")),
            sorted(get_user_model().objects.values_list("username", flat=True)),
        )

    demo_generate(scale=SCALE, clock=FixedClock(NOW))
    first = identities()
    demo_delete()
    demo_generate(scale=SCALE, clock=FixedClock(NOW + dt.timedelta(days=400)))
    assert identities() == first


def test_full_scale_sizes():
    summary = demo_generate(clock=FixedClock(NOW))
    assert summary.stores == 80
    assert 1_300 <= summary.owners <= 1_700
    assert 1_550 <= summary.vehicles <= 2_050
    assert 8 <= summary.flagged <= 30
