"""In-memory plans for owners and their cars, drawn from one seeded random source before anything is written."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from aftercare.demo.cars import (
    MAKES,
    CarModel,
    CarSpec,
    Make,
    car_spec,
    engine_number,
    model_year_pick,
    plate_make,
    vin_make,
)
from aftercare.demo.names import email_for, mobile_e164, person_name
from aftercare.demo.network import Site
from aftercare.kernel import plates
from aftercare.vehicles.choices import OdometerSource, VehicleUseType
from aftercare.vehicles.inputs import SpecificationInput

HOME_BRAND_SHARE = 0.7  # most cars a 4S store services are its own franchise's brand
USED_SHARE = 0.6  # bought second-hand: the licence was reissued at the transfer
SECOND_CAR_SHARE = 0.2
EMAIL_SHARE = 0.3
MARKETING_SHARE = 0.35
MARKETING_WITHDRAWN_SHARE = 0.1
ROLLBACK_SHARE = 0.01  # cars given one reading below an earlier one, so the rollback flag shows
# Registered with the store at least this long ago, so every car has a few months of readings.
ENROLLED_AT_LEAST_DAYS_AGO = 150
READING_GAP_DAYS = 60  # roughly: no more readings than one per two months
USE_TYPES = (VehicleUseType.PRIVATE, VehicleUseType.RIDE_HAILING, VehicleUseType.CONVERTED)
USE_WEIGHTS = (94, 3, 3)
# Kilometres a year by use type: (low, high).
ANNUAL_KM: dict[str, tuple[int, int]] = {
    VehicleUseType.PRIVATE: (8_000, 18_000),
    VehicleUseType.RIDE_HAILING: (45_000, 70_000),
    VehicleUseType.CONVERTED: (20_000, 35_000),
}


@dataclass
class Context:
    """The seeded random source, the clock's reading, and what is already taken (unique plates, VINs, phones)."""

    rng: random.Random
    now: dt.datetime
    scale: float
    manufacturers: dict[str, str]
    plates: set[str] = field(default_factory=set)
    vins: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    serials: dict[str, int] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.tz).date()

    def child(self) -> random.Random:
        """A random source for one owner or car: how much it draws (dates depend on today) cannot shift the rest."""
        return random.Random(self.rng.getrandbits(64))


@dataclass(frozen=True)
class ReadingPlan:
    """One odometer reading to record."""

    km: int
    read_at: dt.datetime
    source: str
    recorded_by_id: int | None


@dataclass
class CarPlan:
    """A car as it will be registered at a store, with its licence and readings."""

    make: Make
    model: CarModel
    model_year: int
    vin: str
    plate: str
    use_type: str
    registration_date: dt.date
    started_on: dt.date
    enrolled_at: dt.datetime
    engine_number: str
    readings: list[ReadingPlan]
    spec: CarSpec

    @property
    def specification(self) -> SpecificationInput:
        """The fuel type, transmission and displacement as the registration service takes them."""
        return SpecificationInput(self.spec.fuel_type, self.spec.transmission, self.spec.displacement_l)

    @property
    def brand_model(self) -> str:
        """As printed on a vehicle licence (品牌型号): "<brand>牌<model>"."""
        return f"{self.make.brand}牌{self.model.name}"

    @property
    def plate_kind(self) -> str:
        return plates.check(self.plate).kind or ""


@dataclass
class OwnerPlan:
    """A store's customer: contact details, dedicated advisor, cars, marketing consent."""

    site: Site
    name: str
    phone: str
    email: str
    advisor_id: int
    advisor_user_id: int
    cars: list[CarPlan]
    marketing: bool
    marketing_withdrawn: bool


def _at(rng: random.Random, ctx: Context, day: dt.date) -> dt.datetime:
    """A moment in store opening hours on that day, local time."""
    minutes = rng.randint(9 * 60, 17 * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=ctx.tz)


def _dates(rng: random.Random, ctx: Context, year: int) -> tuple[dt.date, dt.date, dt.date]:
    """(first registration, current owner's purchase, registration with the store), in that order."""
    latest = ctx.today - dt.timedelta(days=ENROLLED_AT_LEAST_DAYS_AGO)
    registered = min(dt.date(year, 1, 15) + dt.timedelta(days=rng.randint(0, 400)), latest - dt.timedelta(days=90))
    room = (latest - registered).days
    used, held = rng.random() < USED_SHARE and room >= 180, rng.random()  # always two draws, whatever the date
    started = registered + dt.timedelta(days=180 + int(held * (room - 180))) if used else registered
    enrolled = min(started + dt.timedelta(days=rng.randint(0, 60)), latest)
    return registered, started, enrolled


def _readings(
    rng: random.Random, ctx: Context, site: Site, registered: dt.date, enrolled_at: dt.datetime, use_type: str
) -> list[ReadingPlan]:
    """2-6 readings from registration with the store until a few weeks ago, always increasing."""
    per_day = rng.uniform(*ANNUAL_KM[use_type]) / 365
    first_day = enrolled_at.date() + dt.timedelta(days=30)
    window = (ctx.today - dt.timedelta(days=20) - first_day).days
    count = min(rng.randint(1, 5), max(1, window // READING_GAP_DAYS))
    offsets = sorted(rng.sample(range(window + 1), count))
    moments = [enrolled_at] + [_at(rng, ctx, first_day + dt.timedelta(days=o)) for o in offsets]
    recorders = [s.user_id for s in site.technicians + site.advisors]
    km = max(10, int((enrolled_at.date() - registered).days * per_day * rng.uniform(0.8, 1.2)))
    out = [ReadingPlan(km, enrolled_at, OdometerSource.CHECK_IN, rng.choice(recorders))]
    for before, moment in itertools.pairwise(moments):
        km += max(1, int((moment - before).days * per_day * rng.uniform(0.7, 1.3)))
        source = OdometerSource.INSPECTION if rng.random() < 0.1 else OdometerSource.CHECK_IN
        out.append(ReadingPlan(km, moment, source, rng.choice(recorders)))
    return out


def _vin(rng: random.Random, ctx: Context, make: Make, model: CarModel, year: int) -> str:
    """A VIN no other car has: serials only go up per WMI, and VINs already in the database are skipped."""
    while True:
        serial = ctx.serials.get(make.wmi, rng.randint(100_000, 600_000)) + rng.randint(1, 300)
        ctx.serials[make.wmi] = serial
        vin = vin_make(rng, make, model, year, serial)
        if vin not in ctx.vins:
            ctx.vins.add(vin)
            return vin


def car_plan(
    ctx: Context, site: Site, make: Make | None = None, model: CarModel | None = None, use_type: str | None = None
) -> CarPlan:
    """A car serviced at the store: mostly its own franchise's brand, plated in its city."""
    rng = ctx.child()
    make = make or (site.make if rng.random() < HOME_BRAND_SHARE else MAKES[rng.choice(sorted(MAKES))])
    model = model or rng.choice(make.models)
    year = model_year_pick(rng, model)
    use_type = use_type or rng.choices(USE_TYPES, weights=USE_WEIGHTS)[0]
    registered, started, enrolled = _dates(rng, ctx, year)
    enrolled_at = _at(rng, ctx, enrolled)
    vin = _vin(rng, ctx, make, model, year)
    return CarPlan(
        make=make,
        model=model,
        model_year=year,
        vin=vin,
        plate=plate_make(rng, site.city.plate_prefixes, model.energy, ctx.plates),
        use_type=use_type,
        registration_date=registered,
        started_on=started,
        enrolled_at=enrolled_at,
        engine_number=engine_number(rng, make, model),
        readings=_readings(rng, ctx, site, registered, enrolled_at, use_type),
        spec=car_spec(model, vin),
    )


def owner_plan(ctx: Context, site: Site) -> OwnerPlan:
    """One customer of the store with one or two cars."""
    rng = ctx.child()
    name = person_name(rng)
    advisor = rng.choice(site.advisors)
    marketing = rng.random() < MARKETING_SHARE
    return OwnerPlan(
        site=site,
        name=name,
        phone=mobile_e164(rng, ctx.phones),
        email=email_for(rng, name) if rng.random() < EMAIL_SHARE else "",
        advisor_id=advisor.pk,
        advisor_user_id=advisor.user_id,
        cars=[car_plan(ctx, site) for _ in range(2 if rng.random() < SECOND_CAR_SHARE else 1)],
        marketing=marketing,
        marketing_withdrawn=marketing and rng.random() < MARKETING_WITHDRAWN_SHARE,
    )


def customers_plan(ctx: Context, sites: list[Site]) -> list[OwnerPlan]:
    """About 15-23 customers per store (times the scale), then rollbacks for about 1 % of the cars."""
    plans: list[OwnerPlan] = []
    for site in sites:
        count = max(1, round(ctx.rng.randint(15, 23) * ctx.scale))
        plans += [owner_plan(ctx, site) for _ in range(count)]
    cars = [car for plan in plans for car in plan.cars]
    for car in ctx.rng.sample(cars, max(1, round(len(cars) * ROLLBACK_SHARE))):
        rollback_add(ctx, car)
    return plans


def rollback_add(ctx: Context, car: CarPlan) -> None:
    """Append a later reading well below the last one (调表): the check flags it as a rollback."""
    last = car.readings[-1]
    km = int(last.km * ctx.rng.uniform(0.3, 0.7))
    at = last.read_at + dt.timedelta(days=ctx.rng.randint(5, 19))
    car.readings.append(ReadingPlan(km, at, OdometerSource.CHECK_IN, last.recorded_by_id))
