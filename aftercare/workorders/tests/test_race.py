"""Races on PostgreSQL: one line decided twice at once counts once; the invoice issued twice at once exists once
and redeems its free oil service once."""

from __future__ import annotations

import datetime as dt

import pytest

from aftercare.homecoming.models import Benefit
from aftercare.homecoming.tests.factories import enrol, participate
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tests.racing import postgres_only  # noqa: F401 - autouse fixture
from aftercare.workorders import services
from aftercare.workorders.models import Activity, BenefitUse, EstimateLine, Invoice
from aftercare.workorders.tests import factories as f
from tests.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_owner_online_and_advisor_by_phone_decide_one_line_at_once() -> None:
    d = f.desk()
    _wo, (line, _other) = f.estimated(d)
    actors = [d.owner_actor, d.advisor_actor]
    decisions = ["approved", "declined"]

    def attempt(i: int) -> str:
        channel = None if i == 0 else "phone"
        return services.line_decide(actor=actors[i], line_id=line.pk, decision=decisions[i], channel=channel).decision

    results = race(2, attempt)
    won = [r for r in results if isinstance(r, str)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1 and len(lost) == 1 and lost[0].code == "line_already_decided", results
    assert EstimateLine.objects.get(pk=line.pk).decision == won[0]
    assert Activity.objects.filter(line_id=line.pk, kind__in=["line_approved", "line_declined"]).count() == 1


def test_the_invoice_issued_twice_at_once_exists_once_and_redeems_once() -> None:
    d = f.desk()
    participate(d.store)
    enrol(d.vehicle, held_since=dt.date(2024, 6, 1))
    wo = f.ready(
        d, [f.labour("oil_service", "0.5", "junior", "保养工时"), f.part("oil_service", "1", "368.00", "SN", "机油")]
    )
    results = race(3, lambda i: services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk).pk)
    assert len([r for r in results if isinstance(r, int)]) == 1, results
    assert all(r.code == "invoice_already_issued" for r in results if isinstance(r, DomainError)), results
    assert Invoice.objects.filter(work_order=wo).count() == 1
    assert BenefitUse.objects.count() == 1
    assert Benefit.objects.get(vehicle=d.vehicle, kind="oil_service").status == "redeemed"
