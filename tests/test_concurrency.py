"""Parallel attempts on shared things: exactly one wins, the other gets a clear refusal (PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from aftercare.accounts.services import otp_request, otp_verify
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tests.racing import postgres_only, race  # noqa: F401 - autouse fixture
from aftercare.network.tests.factories import StaffFactory, actor_of_staff
from aftercare.notifications.backends import MemoryBackend
from aftercare.vehicles import services
from aftercare.vehicles.models import Ownership, Vehicle
from aftercare.vehicles.tests.factories import make_vin

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_stores_register_the_same_vin_at_once_one_wins() -> None:
    vin = make_vin(4242)
    actors = [actor_of_staff(StaffFactory()) for _ in range(2)]

    def attempt(i: int) -> Vehicle:
        return services.vehicle_register(
            actor=actors[i],
            vin=vin,
            plate="",
            licence=None,
            owner=services.OwnerInput(phone=f"1380013800{i}", name=f"车主{i}"),
        )

    results = race(2, attempt)
    won = [r for r in results if isinstance(r, Vehicle)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].code in {"vin_already_registered", "vin_registered_other_group"}
    assert Vehicle.objects.filter(vin=vin).count() == 1
    assert Ownership.objects.filter(vehicle__vin=vin, ended_on__isnull=True).count() == 1


def test_one_login_code_used_twice_at_once_logs_in_once() -> None:
    otp_request(phone="13800138000")
    found = re.search(r"\b(\d{6})\b", MemoryBackend.outbox[-1].text)
    assert found, MemoryBackend.outbox[-1].text
    code = found.group(1)

    results = race(4, lambda i: otp_verify(phone="13800138000", code=code))
    assert sum(r == "+8613800138000" for r in results) == 1, results
    assert all(isinstance(r, DomainError) and r.code == "otp_invalid" for r in results if r != "+8613800138000")
