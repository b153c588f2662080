"""Demo recalls: the domestic campaigns reach demo cars, and loading them twice changes nothing."""

from __future__ import annotations

import pytest

from aftercare.demo.recalls import SAMR_STYLE, recalls_demo
from aftercare.network.tests.factories import StoreFactory
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.recalls.models import RecallCampaign, VehicleRecall
from aftercare.vehicles.tests.factories import make_vin, vehicle_with_owner

pytestmark = pytest.mark.django_db


def test_demo_campaigns_reach_demo_cars():
    car = vehicle_with_owner(
        dealer_group=StoreFactory().dealer_group, owner=OwnerFactory(login=True), vin=make_vin(42, wmi="LGX"),
        wmi="LGX", brand="比亚迪", model="汉EV", model_year=2022,
    )  # fmt: skip
    report = recalls_demo()
    numbers = set(VehicleRecall.objects.filter(vehicle=car).values_list("campaign__number", flat=True))
    assert "DEMO-S2024-0117" in numbers and report.matched >= 1
    recalls_demo()
    assert RecallCampaign.objects.filter(number__startswith="DEMO-").count() == len(SAMR_STYLE)
    assert VehicleRecall.objects.filter(vehicle=car, campaign__number="DEMO-S2024-0117").count() == 1
