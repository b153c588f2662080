"""Fixtures for console page tests: a staff member logged in, and a car of their group with its owner."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client

from aftercare.network.choices import CertificationLevel, StaffRole
from aftercare.network.models import Customer, Staff
from aftercare.network.tests.factories import CustomerFactory, StaffFactory
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import OdometerReadingFactory, OwnershipFactory, VehicleFactory

VARYING = re.compile(r'name="(csrfmiddlewaretoken|next)" value="[^"]*"')


def without_tokens(html: str) -> str:
    """Page text without what differs per request anyway (CSRF tokens, the language switch's return path)."""
    return VARYING.sub("", html)


@dataclass
class Car:
    vehicle: Vehicle
    owner: Owner
    customer: Customer


def make_car(staff: Staff | None = None, **owner_fields: str) -> Car:
    """A car of the staff member's group (a new group when none), owned now, with one reading."""
    group = staff.dealer_group if staff else None
    vehicle = VehicleFactory(**({"dealer_group": group} if group else {}))
    owner = OwnerFactory(**owner_fields)
    OwnershipFactory(vehicle=vehicle, owner=owner)
    OdometerReadingFactory(vehicle=vehicle, km=20_000)
    customer = CustomerFactory(dealer_group=vehicle.dealer_group, owner=owner)
    return Car(vehicle, owner, customer)


def login_staff(client: Client, **fields: object) -> Staff:
    staff = StaffFactory(**fields)
    client.force_login(staff.user)
    return staff


@pytest.fixture
def advisor(client: Client) -> Staff:
    """A senior advisor: may register, record readings, transfer and reveal."""
    return login_staff(client)


@pytest.fixture
def technician(client: Client) -> Staff:
    """A junior technician: may record readings only."""
    return login_staff(client, role=StaffRole.TECHNICIAN, level=CertificationLevel.JUNIOR)
