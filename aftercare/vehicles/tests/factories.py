"""Factories for vehicles: VINs with correct check digits, ownerships, readings."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from aftercare.kernel.vin import check_digit
from aftercare.network.models import Customer
from aftercare.network.tests.factories import DealerGroupFactory
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle

_PROVINCE = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


def make_vin(n: int, wmi: str = "LSV") -> str:
    """A valid Chinese VIN, distinct per n: model year 2019 (K), plant 1, serial n."""
    body = f"{wmi}AB2C10K1{n % 1_000_000:06d}"
    return body[:8] + check_digit(body) + body[9:]


def make_plate(n: int) -> str:
    """A valid ordinary plate, distinct per n."""
    return f"{_PROVINCE[n % len(_PROVINCE)]}A{n % 100_000:05d}"


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    vin = factory.Sequence(make_vin)
    wmi = "LSV"
    manufacturer = "SAIC Volkswagen 上汽大众"
    model = "朗逸"
    model_year = 2019
    plate = factory.Sequence(make_plate)
    plate_kind = "ordinary"
    dealer_group = factory.SubFactory(DealerGroupFactory)


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    vehicle = factory.SubFactory(VehicleFactory)
    owner = factory.SubFactory(OwnerFactory)
    started_on = dt.date(2024, 6, 1)
    source = "registration"


class OdometerReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OdometerReading

    vehicle = factory.SubFactory(VehicleFactory)
    km = 10_000
    read_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    source = "check_in"


def vehicle_with_owner(
    *,
    dealer_group: object | None,
    owner: object | None = None,
    advisor: object | None = None,
    started_on: dt.date = dt.date(2024, 6, 1),
    **vehicle_fields: object,
) -> Vehicle:
    """A vehicle of a dealer group, currently owned, with the owner on the group's customer list."""
    vehicle = VehicleFactory(dealer_group=dealer_group, **vehicle_fields)
    ownership = OwnershipFactory(vehicle=vehicle, started_on=started_on, **({"owner": owner} if owner else {}))
    if dealer_group is not None:
        Customer.objects.get_or_create(
            dealer_group=dealer_group,
            owner=ownership.owner,
            defaults={"advisor": advisor, "since": started_on},
        )
    return vehicle
