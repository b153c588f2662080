import datetime as dt

import pytest

from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.tests.factories import StaffFactory, actor_of_staff
from aftercare.vehicles import services
from aftercare.vehicles.inputs import LicenceInput
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import make_plate, make_vin

pytestmark = pytest.mark.django_db


def test_staff_registers_vehicle_with_owner_and_licence():
    staff = StaffFactory()
    actor = actor_of_staff(staff)
    assert actor.can("vehicles.register_vehicle")
    v = services.vehicle_register(
        actor=actor,
        vin=make_vin(7),
        plate=make_plate(7),
        licence=LicenceInput("李四", "小型轿车", "private", dt.date(2020, 1, 1), dt.date(2023, 5, 1)),
        owner=services.OwnerInput(phone="13812345678", name="李四"),
        odometer_km=52000,
    )
    assert Vehicle.objects.get(pk=v.pk).dealer_group_id == staff.dealer_group_id
    assert v.history.count() == 3
    assert isinstance(actor, Actor) and actor.kind == ActorKind.STAFF
