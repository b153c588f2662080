"""Homecoming in the demo: wallets, redemptions (one across groups), and the demo owner's three situations."""

from __future__ import annotations

import datetime as dt

import pytest

from aftercare.demo.reset import demo_delete
from aftercare.homecoming import selectors
from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore
from aftercare.network.models import Store
from aftercare.owners.models import Owner
from aftercare.vehicles.models import Ownership

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def demo(demo_network: object) -> None:
    return None


def test_every_store_participates_and_wallets_exist(demo: None) -> None:
    assert ParticipatingStore.objects.filter(active=True).count() == Store.objects.count() == 80
    enrolments = Enrolment.objects.filter(status="approved")
    assert enrolments.count() >= 6
    assert Benefit.objects.filter(status="redeemed").count() >= 3
    redeemed = Benefit.objects.filter(status="redeemed").select_related("redeemed_store", "vehicle")
    assert any(b.redeemed_store.dealer_group_id != b.vehicle.dealer_group_id for b in redeemed)
    for enrolment in enrolments:
        assert enrolment.days_held > 100 and enrolment.applied_at <= NOW
        assert enrolment.vehicle.history.filter(event_type="ENROLLED").count() == 1


def test_demo_owner_has_an_enrolled_an_eligible_and_a_too_recent_car(demo: None) -> None:
    owner = Owner.objects.get(phone="+8613800138000")
    cars = {o.vehicle_id: o for o in Ownership.objects.filter(owner=owner, ended_on__isnull=True)}
    states = {v: selectors.vehicle_eligibility(vehicle_id=v, today=TODAY) for v in cars}
    enrolled = [v for v, s in states.items() if s.enrolled]
    offered = [v for v, s in states.items() if s.offer]
    waiting = [v for v, s in states.items() if s.decision and s.decision.eligible_on]
    assert len(enrolled) == 1 and len(offered) == 1 and len(waiting) == 1
    assert cars[waiting[0]].started_on == TODAY - dt.timedelta(days=30)
    assert states[waiting[0]].decision.eligible_on == TODAY + dt.timedelta(days=71)
    wallet = selectors.vehicle_wallet(vehicle_id=enrolled[0], on=TODAY)
    assert wallet is not None and {b.kind: b.status for b in wallet.benefits}["health_check"] == "redeemed"


def test_reset_removes_homecoming_rows(demo: None) -> None:
    demo_delete()
    assert not Enrolment.objects.exists() and not Benefit.objects.exists()
    assert not ParticipatingStore.objects.exists()
