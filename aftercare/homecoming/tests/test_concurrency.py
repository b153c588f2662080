"""Two stores redeem the same benefit at the same instant: exactly one wins (PostgreSQL, real parallel writers)."""

from __future__ import annotations

import pytest

from aftercare.homecoming import services
from aftercare.homecoming.choices import BenefitKind, BenefitStatus
from aftercare.homecoming.models import Benefit
from aftercare.homecoming.tests.factories import car, enrol, participate
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tests.racing import postgres_only  # noqa: F401 - autouse fixture
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from tests.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("stores", [2, 6])
def test_parallel_redemptions_of_one_benefit_succeed_exactly_once(stores: int) -> None:
    home = StoreFactory()
    others = [StoreFactory() for _ in range(stores - 1)]  # other dealer groups, redeeming with the wallet code
    participate(home, *others)
    enrolment = enrol(car(dealer_group=home.dealer_group, owner=OwnerFactory(login=True)))
    benefit = enrolment.benefits.get(kind=BenefitKind.HEALTH_CHECK)
    actors = [actor_of_staff(StaffFactory(store=s, junior=True)) for s in (home, *others)]

    def attempt(i: int) -> Benefit:
        return services.benefit_redeem(
            actor=actors[i],
            benefit_id=benefit.pk,
            store_id=actors[i].store_id,
            reference=f"race-{i}",
            wallet_code=enrolment.wallet_code,
        )

    results = race(stores, attempt)
    won = [r for r in results if isinstance(r, Benefit)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1 and len(lost) == stores - 1, results
    assert {e.code for e in lost} == {"benefit_already_redeemed"}
    stored = Benefit.objects.get(pk=benefit.pk)
    assert stored.status == BenefitStatus.REDEEMED
    assert (stored.redeemed_store_id, stored.reference) == (won[0].redeemed_store_id, won[0].reference)


def test_two_parallel_enrolments_of_one_car_approve_once() -> None:
    owner = OwnerFactory(login=True)
    vehicle = car(dealer_group=StoreFactory().dealer_group, owner=owner)
    results = race(2, lambda i: enrol(vehicle))
    approved = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(approved) == 1 and [e.code for e in refused] == ["already_enrolled"], results
    assert vehicle.homecoming_enrolments.filter(status="approved").count() == 1
