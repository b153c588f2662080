"""The demo owner, written through the real services: two cars at the first Beijing store and an inbox."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from aftercare.demo import logins
from aftercare.demo.cars import MAKES
from aftercare.demo.network import Site
from aftercare.demo.plans import CarPlan, Context, car_plan
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.tenancy import Actor
from aftercare.network.selectors import actor_for_user
from aftercare.network.services import customer_ensure
from aftercare.notifications.services import inbox_post
from aftercare.owners.choices import ConsentChannel, ConsentPurpose
from aftercare.owners.models import Owner
from aftercare.owners.services import consent_record, owner_get_or_create, owner_login, owner_update
from aftercare.vehicles.choices import VehicleUseType
from aftercare.vehicles.inputs import LicenceInput
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.services import OwnerInput, odometer_record, vehicle_register

DEMO_OWNER_EMAIL = "xiaoming.wang@example.com"


def _register(actor: Actor, car: CarPlan) -> Vehicle:
    """Register one car as the store's advisor would have on the day, then record its later readings."""
    licence = LicenceInput(
        registered_owner_name=logins.DEMO_OWNER_NAME,
        vehicle_type=car.model.vehicle_type,
        use_type=car.use_type,
        registration_date=car.registration_date,
        issue_date=car.started_on,
        brand_model=car.brand_model,
        engine_number=car.engine_number,
    )
    vehicle = vehicle_register(
        actor=actor,
        vin=car.vin,
        plate=car.plate,
        licence=licence,
        owner=OwnerInput(phone=logins.DEMO_OWNER_PHONE, name=logins.DEMO_OWNER_NAME),
        owned_since=car.started_on,
        odometer_km=car.readings[0].km,
        specification=car.specification,
        clock=FixedClock(car.enrolled_at),
    )
    for r in car.readings[1:]:
        odometer_record(actor=actor, vehicle_id=vehicle.pk, km=r.km, read_at=r.read_at, source=r.source)
    return vehicle


def _owner(site: Site, first_car: CarPlan) -> Owner:
    """The owner record, made a customer of the showcase group with the demo advisor as dedicated advisor."""
    owner, created = owner_get_or_create(
        phone=logins.DEMO_OWNER_PHONE, name=logins.DEMO_OWNER_NAME, email=DEMO_OWNER_EMAIL
    )
    if not created:  # someone logged in with the demo phone before the demo existed: give it the demo name
        owner = owner_update(owner_id=owner.pk, name=logins.DEMO_OWNER_NAME, email=DEMO_OWNER_EMAIL)
    customer_ensure(
        dealer_group_id=site.store.dealer_group_id,
        owner_id=owner.pk,
        advisor_id=site.advisors[0].pk,
        since=first_car.enrolled_at.date(),
    )
    return owner


def demo_owner_create(ctx: Context, site: Site) -> Owner:
    """The demo owner with two cars (the store's brand and a new-energy BYD), consents and two inbox messages."""
    advisor_user = get_user_model().objects.get(pk=site.advisors[0].user_id)
    actor = actor_for_user(advisor_user)
    private = VehicleUseType.PRIVATE
    home_model = site.make.models[min(2, len(site.make.models) - 1)]  # 途观L at the SAIC Volkswagen store
    cars = [
        car_plan(ctx, site, make=site.make, model=home_model, use_type=private),
        car_plan(ctx, site, make=MAKES["LGX"], model=MAKES["LGX"].models[0], use_type=private),
    ]
    cars.sort(key=lambda c: c.enrolled_at)
    owner = _owner(site, cars[0])
    vehicles = [_register(actor, car) for car in cars]
    user = owner_login(phone=owner.phone)
    for purpose in (ConsentPurpose.SERVICE, ConsentPurpose.MARKETING):
        consent_record(
            owner_id=owner.pk,
            purpose=purpose,
            granted=True,
            channel=ConsentChannel.STORE,
            recorded_by_id=advisor_user.pk,
            clock=FixedClock(cars[0].enrolled_at),
        )
    _inbox(user.pk, site, cars[-1], vehicles[-1])
    return owner


def _inbox(user_id: int, site: Site, car: CarPlan, vehicle: Vehicle) -> None:
    """A welcome and a service reminder, as the store would send them (demo content is in Chinese)."""
    inbox_post(
        recipient_id=user_id,
        kind="welcome",
        title="欢迎使用 Aftercare 车主服务",
        body=f"您的爱车已在{site.store.name}登记，可在这里查看保养记录、里程和专属顾问。",
        link="/my/",
    )
    inbox_post(
        recipient_id=user_id,
        kind="service_reminder",
        title=f"{car.model.name} 保养提醒",
        body="距上次保养已接近 5,000 公里或 6 个月，欢迎预约到店保养。",
        link=f"/my/vehicles/{vehicle.pk}/",
    )
