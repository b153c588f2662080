"""Fixtures for recall tests: a dealer group with staff, an operator, and owned cars of known make and model."""

from __future__ import annotations

import pytest

from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.tests.factories import make_vin, vehicle_with_owner


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    return StoreFactory()


@pytest.fixture
def manager(store):  # type: ignore[no-untyped-def]
    return StaffFactory(store=store, manager=True)


@pytest.fixture
def operator(db):  # type: ignore[no-untyped-def]
    return StaffFactory(operator=True)


@pytest.fixture
def manager_actor(manager):  # type: ignore[no-untyped-def]
    return actor_of_staff(manager)


@pytest.fixture
def operator_actor(operator):  # type: ignore[no-untyped-def]
    return actor_of_staff(operator)


_serial = iter(range(500_000, 600_000))


def byd_car(store, *, model: str = "秦PLUS DM-i", year: int = 2021, login: bool = True, wmi: str = "LGX", **extra):  # type: ignore[no-untyped-def]
    """An owned BYD of the store's group (brand written in Chinese, as the licence has it)."""
    owner = OwnerFactory(login=login)
    return vehicle_with_owner(
        dealer_group=store.dealer_group,
        owner=owner,
        vin=make_vin(next(_serial), wmi=wmi),
        wmi=wmi,
        manufacturer="比亚迪汽车工业有限公司",
        brand="比亚迪",
        model=model,
        model_year=year,
        **extra,
    )
